/**
 * Asks `check` every `everyMs` until it holds, for at most `withinMs`: how long it took. For
 * changes that reach another process or a reconnected pool a little later ("within 1 s").
 */
export async function timeUntil(
  check: () => Promise<boolean>,
  withinMs: number,
  everyMs = 20,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    if (await check()) return Date.now() - started;
    if (Date.now() - started > withinMs) throw new Error(`still not so after ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
