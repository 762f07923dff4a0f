import { DiscordAPIError, DiscordjsError, DiscordjsErrorCodes, Routes, type Client } from "discord.js";
import type { Logger } from "pino";

/** The bot's exit codes, for operators and process managers (the README lists them). */
export const BOT_EXIT = { failed: 1, settings: 2, tokenRefused: 3, discordUnreachable: 4 } as const;

/** Why the bot could not log in, in one line, and the exit code that says so. */
export class LoginError extends Error {
  override name = "LoginError";
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/**
 * Failures to reach Discord at all: no route, no DNS answer. The REST client retries only reset
 * connections, aborts and 5xx answers itself; these are retried here, and nothing else is.
 */
const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

/** Waits between attempts to reach Discord: about 15 s in all before the bot gives up. */
const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000];

/** The network error code of a failure to reach Discord, on the error or the error it wraps. */
function unreachableCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 3 && e instanceof Error; depth++) {
    const { code } = e as { code?: unknown };
    if (typeof code === "string" && UNREACHABLE.has(code)) return code;
    e = e.cause;
  }
  return undefined;
}

/** The one line an operator reads; never the token, never a stack. */
function loginError(err: unknown, attempts: number): LoginError {
  if ((err instanceof DiscordAPIError && err.status === 401) || (err instanceof DiscordjsError && err.code === DiscordjsErrorCodes.TokenInvalid)) {
    return new LoginError("Discord refused the bot token (401): it was reset or revoked; set DISCORD_TOKEN to the bot's current token (Developer Portal, Bot, Reset Token)", BOT_EXIT.tokenRefused);
  }
  const code = unreachableCode(err);
  if (code !== undefined) return new LoginError(`cannot reach Discord (${code}) after ${attempts} attempts: check the network, DNS and DISCORD_API_URL`, BOT_EXIT.discordUnreachable);
  const status = err instanceof DiscordAPIError ? ` ${err.status}` : "";
  return new LoginError(`could not log in to Discord (${err instanceof Error ? err.name : typeof err}${status})`, BOT_EXIT.failed);
}

/**
 * Logs the client in. Discord unreachable is retried with backoff for about 15 s (a host whose
 * network or DNS is not up yet); a refused token and every other failure end at once. Throws a
 * LoginError.
 */
export async function logIn(client: Client, token: string, log: Logger): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      // What a login asks first, asked here: a failed login destroys its client, this can be retried.
      await client.rest.get(Routes.gatewayBot());
      break;
    } catch (err) {
      const code = unreachableCode(err);
      const delay = RETRY_DELAYS_MS[attempt];
      if (code === undefined || delay === undefined) throw loginError(err, attempt + 1);
      if (attempt === 0) log.warn({ reason: code }, `cannot reach Discord; retrying for up to ${RETRY_DELAYS_MS.reduce((a, b) => a + b, 0) / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  try {
    await client.login(token);
  } catch (err) {
    throw loginError(err, 1);
  }
}
