import { pino, type Logger } from "pino";

/**
 * The structured logger every process uses (JSON lines on stderr). Secrets are redacted by path
 * wherever they might be logged with a config or a request.
 */
export function createLogger(name: string, level: string): Logger {
  return pino(
    {
      name,
      level,
      redact: { paths: ["apiKey", "*.apiKey", "*.*.apiKey", "authorization", "*.authorization", "headers.authorization", "token", "*.token"], censor: "[redacted]" },
    },
    pino.destination(2),
  );
}
