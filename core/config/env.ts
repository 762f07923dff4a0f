import { z } from "zod";

/**
 * Every setting Standpoint reads from the environment, validated once at start. Nothing else in the
 * code reads `process.env`: it receives this object (or the part of it it needs).
 */
const EnvSchema = z.object({
  STANDPOINT_MAX_INPUT_BYTES: z.coerce.number().int().positive().default(2 * 1024 * 1024),
  STANDPOINT_MODEL: z.string().min(1).default("gpt-5-mini"),
  STANDPOINT_CHUNK_TOKENS: z.coerce.number().int().min(64).default(8000),
});

export type Config = {
  maxInputBytes: number;
  model: string;
  chunkTokens: number;
};

/** A configuration problem, reported as one line naming each bad setting. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Validates the environment into a typed configuration; throws ConfigError listing every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigError(`invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  return { maxInputBytes: e.STANDPOINT_MAX_INPUT_BYTES, model: e.STANDPOINT_MODEL, chunkTokens: e.STANDPOINT_CHUNK_TOKENS };
}
