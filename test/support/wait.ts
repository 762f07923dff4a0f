/*
 * Waiting in tests for something another process does: polled, with a deadline that is generous
 * (a functional limit, never a speed assertion) and an error that says what never happened.
 */

/** Resolves with the first truthy value `check` returns; rejects after `timeoutMs` naming `what`. */
export async function until<T>(check: () => T | undefined | null | false | Promise<T | undefined | null | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
