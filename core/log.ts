import { pino, type Logger } from "pino";

/**
 * Where secrets sit in what the processes log: API keys and authorization headers of a config or
 * a request, and an interaction's token wherever a delivery, a destination or a job's data is logged
 * whole (a token lets anyone answer as the bot for 15 minutes).
 */
const SECRET_PATHS = [
  "apiKey",
  "*.apiKey",
  "*.*.apiKey",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  "token",
  "*.token",
  "interaction.token",
  "*.interaction.token",
  "*.*.interaction.token",
  "*.*.*.interaction.token",
];

/** An error's own chain is followed this deep; deeper causes are dropped. */
const CAUSE_DEPTH = 3;

/** Replaces internal addresses and token-like words in text that is about to be logged. */
function scrubText(text: string): string {
  return (
    text
      // Addresses of internal services: URLs, IPv4 addresses, host:port.
      .replace(/\b(?:https?|rediss?|wss?):\/\/[^\s"'<>]*/giu, "[address]")
      .replace(/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?\b/gu, "[address]")
      .replace(/(?<![\w.-])[a-z][\w-]*(?:\.[\w-]+)*:\d{2,5}\b/giu, "[address]")
      // Tokens and keys are long mixed-case words with digits (job ids and hashes are lowercase).
      .replace(/(?<![\w.-])[\w.-]{32,}/gu, (word) => (/[A-Z]/u.test(word) && /\d/u.test(word) ? "[redacted]" : word))
  );
}

/**
 * An error as an operator needs it: its type, a scrubbed message, its code, HTTP status and Redis
 * command name, its stack frames and cause. Never its other fields: an ioredis error carries the
 * failed command's arguments (a delivery with its interaction token, a paste), and a REST error the
 * URL it called (which names a webhook's token).
 */
function serializeError(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubText(value);
  if (!(value instanceof Error)) return value;
  const { code, status, command } = value as { code?: unknown; status?: unknown; command?: { name?: unknown } };
  const out: Record<string, unknown> = { type: value.name, message: scrubText(value.message) };
  if (typeof code === "string" || typeof code === "number") out.code = code;
  if (typeof status === "number") out.status = status;
  if (typeof command?.name === "string") out.command = command.name;
  // The stack's first line repeats the unscrubbed message; the frames are code locations.
  const frames = value.stack?.split("\n").filter((line) => line.startsWith("    at "));
  if (frames !== undefined && frames.length > 0) out.stack = frames.join("\n");
  if (value.cause !== undefined && depth < CAUSE_DEPTH) out.cause = serializeError(value.cause, depth + 1);
  return out;
}

/**
 * The structured logger every process uses (JSON lines on stderr). Secrets never reach it: known
 * secret fields are redacted by path, and errors (under `err`, `error` or `reason`) are reduced by
 * {@link serializeError} whatever they carry.
 */
export function createLogger(name: string, level: string): Logger {
  return pino(
    {
      name,
      level,
      redact: { paths: SECRET_PATHS, censor: "[redacted]" },
      serializers: { err: serializeError, error: serializeError, reason: serializeError },
    },
    pino.destination(2),
  );
}
