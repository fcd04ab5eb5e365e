import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const jalon = path.resolve('bin/jalon');
const dataDir = mkdtempSync(path.join(tmpdir(), 'jalon-cli-'));
const env = { ...process.env, JALON_DATA: dataDir, DATABASE_URL: '' };

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('jalon serve and jalon users on a fresh embedded database', () => {
  it('starts on a fresh data directory, prints the demo accounts once, answers health, and stops on SIGTERM', async () => {
    const started = Date.now();
    const child = spawn(process.execPath, [jalon, 'serve', '--port', '0'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not ready in 50 s:\n${stderr}`)), 50_000);
        child.stderr.on('data', () => {
          const match = /prêt sur http:\/\/[^:]+:(\d+)/.exec(stderr);
          if (match) {
            clearTimeout(timer);
            resolve(Number(match[1]));
          }
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${stderr}`)));
      });
      // The goal is < 10 s (about 4 s on a quiet machine, see docs/benchmarks.md); a fresh PGlite
      // initdb alone takes 6–7 s when the shared CI machine is loaded, so the test only catches a hang (the shared CI machine was seen at 27 s).
      expect(Date.now() - started).toBeLessThan(50_000);
      expect(stderr).toMatch(/admin\s+admin@jalon\.example\s+\S{23}/);
      expect(stderr).toMatch(/site_editor\s+mons@jalon\.example/);
      const health = await (await fetch(`http://127.0.0.1:${port}/api/health`)).json();
      expect(health).toEqual({ ok: true, version: expect.any(String), database: 'pglite' });
      // The running server holds the data directory: the CLI refuses to open it beside it.
      const beside = spawnSync(process.execPath, [jalon, 'users', 'list'], { env, encoding: 'utf8' });
      expect(beside.status).not.toBe(0);
      expect(beside.stderr).toMatch(/is open in another process/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }, 120_000);

  it('adds an admin with a generated password printed once, and lists accounts as JSON', () => {
    const added = spawnSync(
      process.execPath,
      [jalon, 'users', 'add', '--email', 'Qualite@Example.org', '--role', 'admin', '--json'],
      {
        env,
        encoding: 'utf8',
      },
    );
    expect(added.status).toBe(0);
    const created = JSON.parse(added.stdout);
    expect(created).toMatchObject({ email: 'qualite@example.org', role: 'admin' });
    expect(created.password).toMatch(/^\w{5}-\w{5}-\w{5}-\w{5}$/);

    const again = spawnSync(process.execPath, [jalon, 'users', 'add', '--email', 'qualite@example.org'], {
      env,
      encoding: 'utf8',
    });
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already exists/);

    const listed = spawnSync(process.execPath, [jalon, 'users', 'list', '--json'], { env, encoding: 'utf8' });
    const emails = JSON.parse(listed.stdout).users.map((u: { email: string }) => u.email);
    expect(emails).toEqual(
      expect.arrayContaining(['admin@jalon.example', 'qualite@example.org', 'lln@jalon.example']),
    );
    expect(listed.stdout).not.toMatch(/password|argon2/i);

    const reset = spawnSync(
      process.execPath,
      [jalon, 'users', 'password', '--email', 'qualite@example.org', '--json'],
      { env, encoding: 'utf8' },
    );
    expect(reset.status).toBe(0);
    const changed = JSON.parse(reset.stdout);
    expect(changed.password).toMatch(/^\w{5}-\w{5}-\w{5}-\w{5}$/);
    expect(changed.password).not.toBe(created.password);
    const short = spawnSync(
      process.execPath,
      [jalon, 'users', 'password', '--email', 'qualite@example.org', '--password', 'court'],
      { env, encoding: 'utf8' },
    );
    expect(short.status).toBe(1);
    expect(short.stderr).toMatch(/Password refused: at least 10 characters/);
  }, 120_000);
});
