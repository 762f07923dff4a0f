import { z } from "zod";

/**
 * Every setting Standpoint reads from the environment, validated once at start. Nothing else in the
 * code reads `process.env`: it receives this object (or the part of it it needs).
 */
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? undefined : v.trim()));

const EnvSchema = z.object({
  STANDPOINT_MAX_INPUT_BYTES: z.coerce.number().int().positive().default(2 * 1024 * 1024),
  STANDPOINT_MODEL: z.string().min(1).default("gpt-5-mini"),
  STANDPOINT_CHUNK_TOKENS: z.coerce.number().int().min(64).default(24_000),
  /** The model's context window, for models the project does not know (local servers). */
  STANDPOINT_CONTEXT_TOKENS: z.coerce.number().int().min(1024).optional(),
  STANDPOINT_MAP_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  STANDPOINT_CACHE: z.enum(["on", "off"]).default("on"),
  STANDPOINT_CACHE_DIR: z.string().min(1).default(".standpoint-cache"),
  STANDPOINT_MODEL_TIMEOUT_MS: z.coerce.number().int().min(1000).default(120_000),
  REDIS_URL: z.url().default("redis://127.0.0.1:6379"),
  /** The BullMQ prefix and the prefix of every key Standpoint writes (a hash tag like `{sp}` on Redis Cluster). */
  STANDPOINT_REDIS_PREFIX: z
    .string()
    .regex(/^[\w{}.-]+$/u, "letters, digits, _ . - and braces only")
    .default("standpoint"),
  STANDPOINT_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(4),
  STANDPOINT_JOB_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  STANDPOINT_RETRY_DELAY_MS: z.coerce.number().int().min(10).default(2000),
  STANDPOINT_RESULT_RETENTION_DAYS: z.coerce.number().positive().default(30),
  STANDPOINT_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
  /** How long a worker's (or the bot's, on a delivery) claim on a job lasts unrenewed: a killed process's jobs are picked up after it. */
  STANDPOINT_JOB_LOCK_MS: z.coerce.number().int().min(500).default(30_000),
  /** Time a job may spend reading, planning and summarising offline (its CPU work, not its model calls). */
  STANDPOINT_JOB_TIMEOUT_MS: z.coerce.number().int().min(1).max(86_400_000).default(60_000),
  /** Port of the worker's /healthz and /metrics endpoint; unset for none. */
  STANDPOINT_HEALTH_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  STANDPOINT_QUOTA_THREADS_PER_HOUR: z.coerce.number().int().min(1).default(30),
  STANDPOINT_QUOTA_TOKENS_PER_DAY: z.coerce.number().int().min(1).default(1_000_000),
  /** Global model rate across all workers; unset for no limit of our own. */
  STANDPOINT_MODEL_RPM: z.coerce.number().int().min(1).optional(),
  STANDPOINT_MODEL_TPM: z.coerce.number().int().min(1).optional(),
  DISCORD_TOKEN: optionalText.pipe(z.string().regex(/^[\w-]{20,}\.[\w-]{4,}\.[\w-]{20,}$/u, "not a Discord bot token (three dot-separated parts)").optional()),
  DISCORD_APPLICATION_ID: optionalText.pipe(z.string().regex(/^\d{17,20}$/u, "a Discord snowflake (17 to 20 digits)").optional()),
  /** Registers commands to this guild only (instant, for development); unset registers them globally. */
  DISCORD_GUILD_ID: optionalText.pipe(z.string().regex(/^\d{17,20}$/u, "a Discord snowflake (17 to 20 digits)").optional()),
  /** Discord's REST API base; tests point it at a fake server. */
  DISCORD_API_URL: z.url().default("https://discord.com/api"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalText.pipe(z.url().optional()),
  /** Colour in the CLI's output: any non-empty NO_COLOR turns it off, any non-empty FORCE_COLOR on, TERM=dumb off. */
  NO_COLOR: optionalText,
  FORCE_COLOR: optionalText,
  TERM: optionalText,
});

export type Config = {
  maxInputBytes: number;
  model: string;
  chunkTokens: number;
  contextTokens: number | undefined;
  mapConcurrency: number;
  cache: { enabled: boolean; dir: string };
  /** Where and how to reach the model; `apiKey` undefined means offline (extractive) summaries. */
  openai: { apiKey: string | undefined; baseURL: string | undefined; timeoutMs: number };
  redis: { url: string; prefix: string };
  worker: { concurrency: number; attempts: number; retryDelayMs: number; shutdownGraceMs: number; lockMs: number; jobTimeoutMs: number; healthPort: number | undefined };
  quotas: { threadsPerHour: number; tokensPerDay: number };
  modelRate: { requestsPerMinute: number | undefined; tokensPerMinute: number | undefined };
  /** How long results and pastes are kept, in seconds. */
  retentionSeconds: number;
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  discord: { token: string | undefined; applicationId: string | undefined; guildId: string | undefined; apiUrl: string };
  /** Whether the CLI colours its output; "auto" leaves it to whether the output is a terminal. */
  colour: "always" | "never" | "auto";
};

/** A configuration problem, reported as one line naming each bad setting. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** The bot's own settings, which the CLI and the worker do without; throws ConfigError naming what is missing. */
export function requireDiscord(config: Config): { token: string; applicationId: string; guildId: string | undefined; apiUrl: string } {
  const { token, applicationId, guildId, apiUrl } = config.discord;
  const missing = [token === undefined ? "DISCORD_TOKEN" : "", applicationId === undefined ? "DISCORD_APPLICATION_ID" : ""].filter((m) => m !== "");
  if (token === undefined || applicationId === undefined) throw new ConfigError(`invalid configuration: ${missing.join(", ")} must be set for the bot`);
  return { token, applicationId, guildId, apiUrl };
}

/** Validates the environment into a typed configuration; throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    // Names the setting, never its value: a malformed value may be a secret.
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigError(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  return {
    maxInputBytes: e.STANDPOINT_MAX_INPUT_BYTES,
    model: e.STANDPOINT_MODEL,
    chunkTokens: e.STANDPOINT_CHUNK_TOKENS,
    contextTokens: e.STANDPOINT_CONTEXT_TOKENS,
    mapConcurrency: e.STANDPOINT_MAP_CONCURRENCY,
    cache: { enabled: e.STANDPOINT_CACHE === "on", dir: e.STANDPOINT_CACHE_DIR },
    openai: { apiKey: e.OPENAI_API_KEY, baseURL: e.OPENAI_BASE_URL, timeoutMs: e.STANDPOINT_MODEL_TIMEOUT_MS },
    redis: { url: e.REDIS_URL, prefix: e.STANDPOINT_REDIS_PREFIX },
    worker: { concurrency: e.STANDPOINT_WORKER_CONCURRENCY, attempts: e.STANDPOINT_JOB_ATTEMPTS, retryDelayMs: e.STANDPOINT_RETRY_DELAY_MS, shutdownGraceMs: e.STANDPOINT_SHUTDOWN_GRACE_MS, lockMs: e.STANDPOINT_JOB_LOCK_MS, jobTimeoutMs: e.STANDPOINT_JOB_TIMEOUT_MS, healthPort: e.STANDPOINT_HEALTH_PORT },
    quotas: { threadsPerHour: e.STANDPOINT_QUOTA_THREADS_PER_HOUR, tokensPerDay: e.STANDPOINT_QUOTA_TOKENS_PER_DAY },
    modelRate: { requestsPerMinute: e.STANDPOINT_MODEL_RPM, tokensPerMinute: e.STANDPOINT_MODEL_TPM },
    retentionSeconds: Math.round(e.STANDPOINT_RESULT_RETENTION_DAYS * 86_400),
    logLevel: e.LOG_LEVEL,
    discord: { token: e.DISCORD_TOKEN, applicationId: e.DISCORD_APPLICATION_ID, guildId: e.DISCORD_GUILD_ID, apiUrl: e.DISCORD_API_URL },
    // NO_COLOR is the user's own opt-out, so it wins over FORCE_COLOR; a dumb terminal knows no colour codes.
    colour: e.NO_COLOR !== undefined ? "never" : e.FORCE_COLOR !== undefined ? "always" : e.TERM === "dumb" ? "never" : "auto",
  };
}
