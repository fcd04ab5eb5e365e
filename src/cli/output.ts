import { describeLocation, JalonError } from '../core/errors.ts';

/** Writes a machine-readable result to stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Human progress and notices go to stderr, so stdout stays clean for data. */
export function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}

/**
 * Reports an error on stderr (as JSON with --json) and sets a non-zero exit code.
 * Jalon errors keep their code and location; anything else is an internal error.
 */
export function reportError(error: unknown, json: boolean): void {
  const jalon = error instanceof JalonError ? error : null;
  const code = jalon?.code ?? 'INTERNAL';
  const message = error instanceof Error ? error.message : String(error);
  const where = describeLocation(jalon?.location);
  if (json) {
    process.stderr.write(
      `${JSON.stringify({ error: { code, message, location: jalon?.location ?? null } })}\n`,
    );
  } else {
    process.stderr.write(`jalon: ${message}${where && !message.includes(where) ? ` (${where})` : ''}\n`);
    if (!jalon && process.env.JALON_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  }
  process.exitCode = code === 'INTERNAL' ? 70 : 1;
}
