import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { JalonError } from '../core/errors.ts';

/**
 * The embedded database is single-process: two processes writing one data directory corrupt it.
 * A pid file says which process holds it; a stale one (dead process) is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'jalon.pid');
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new JalonError('CONFLICT', {
        fr: `La base intégrée ${path.resolve(dataDir)} est ouverte par un autre processus (pid ${pid}, sans doute \`jalon serve\`) : arrêtez-le, ou utilisez l’API.`,
        en: `The embedded database ${path.resolve(dataDir)} is open in another process (pid ${pid}, probably \`jalon serve\`): stop it, or use the API.`,
      });
    }
  }
  writeFileSync(file, String(process.pid));
  return () => rmSync(file, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
