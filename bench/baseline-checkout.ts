/**
 * An earlier commit's src/ beside the project, to measure it in the same run as today's code
 * (the benchmarks' baseline): extracted from git into a temporary folder that borrows the
 * project's node_modules. Null, with the reason on stderr, when git or the commit is missing
 * (a shallow clone).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

/** The last commit before the importer read structure from the table's shape. */
export const BEFORE_SHAPE_COMMIT = 'b067ef8';

export function checkoutBaseline(commit: string): { dir: string; remove(): void } | null {
  const dir = mkdtempSync(path.join(tmpdir(), 'jalon-baseline-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const archive = execFileSync('git', ['-C', projectRoot, 'archive', commit, 'src'], {
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    execFileSync('tar', ['-x', '-C', dir], { input: archive });
    symlinkSync(path.join(projectRoot, 'node_modules'), path.join(dir, 'node_modules'));
    // ESM, as the project: without it tsx would load the baseline's .ts files as CommonJS.
    writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}\n');
    return { dir, remove };
  } catch (error) {
    remove();
    process.stderr.write(`baseline ${commit} unavailable (${(error as Error).message.split('\n')[0]})\n`);
    return null;
  }
}
