import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const jalon = path.resolve('bin/jalon');

export interface ServeProcess {
  child: ChildProcess;
  /** "http://127.0.0.1:PORT" */
  baseUrl: string;
  /** What the process printed on stderr so far (start banner, reminders, errors). */
  output(): string;
  /** What it printed on stdout only: its log lines (JSON), one per line. */
  logs(): string;
  /** Sends a signal (SIGTERM by default) and waits for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * A real `jalon serve` child process on a random port, started as an operator would (the CLI
 * through tsx, environment variables), resolved once it printed that it is ready.
 */
export async function startServeProcess(
  env: Record<string, string>,
  args: string[] = ['--no-demo'],
): Promise<ServeProcess> {
  const child = spawn(process.execPath, [jalon, 'serve', '--port', '0', ...args], {
    // No request logs unless a test asks (JALON_LOG: '' is the default: JSON at info on a pipe).
    env: { ...process.env, JALON_LOG: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`jalon serve not ready in 60 s:\n${stderr}`)), 60_000);
    const look = () => {
      const match = /prêt sur http:\/\/[^:]+:(\d+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stderr!.on('data', look);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`jalon serve exited with ${code}:\n${stderr}`));
    });
  });
  return {
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => stderr,
    logs: () => stdout,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      // A server that does not stop must not outlive the test, holding connections.
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      try {
        return await exited;
      } finally {
        clearTimeout(killer);
      }
    },
  };
}
