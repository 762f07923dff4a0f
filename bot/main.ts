import { Client, Events, GatewayIntentBits, REST } from "discord.js";
import { ConfigError, loadConfig, requireDiscord } from "../core/config/env.js";
import { createLogger } from "../core/log.js";
import { consumeDeliveries } from "../core/queue/deliveries.js";
import { Submitter } from "../core/queue/submit.js";
import { handleInteraction } from "./dispatch.js";
import { discordPoster } from "./poster.js";
import { ProgressRelay } from "./progress.js";
import { DigestControl } from "../core/queue/digests.js";
import { Forgetter } from "../core/queue/forget.js";
import { reportRedisState } from "../core/queue/redis.js";
import { BOT_EXIT, LoginError, logIn } from "./login.js";

/*
 * The bot process: answers commands by queueing threads (it never calls the model), posts the
 * deliveries the workers send back, and stops cleanly on SIGTERM/SIGINT. Exit codes: BOT_EXIT.
 */

/** Longest a stop may take: with Redis unreachable, closing its queues would wait forever. */
const STOP_DEADLINE_MS = 20_000;

async function start(): Promise<void> {
  const config = loadConfig();
  const discord = requireDiscord(config);
  const log = createLogger("bot", config.logLevel);
  reportRedisState(log);
  // No privileged intents: commands and message context menus arrive as interactions.
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.apiUrl } });
  client.rest.setToken(discord.token);
  const submitter = new Submitter({ redis: config.redis, retentionSeconds: config.retentionSeconds, attempts: config.worker.attempts, retryDelayMs: config.worker.retryDelayMs, quotas: config.quotas });
  const progress = new ProgressRelay(config.redis, client.rest, discord.applicationId);
  // Fail-fast connections, like the submitter's: with Redis down every command still answers at once.
  const digests = new DigestControl(config.redis);
  const forgetter = new Forgetter(config.redis);
  const deps = { submitter, maxBytes: config.maxInputBytes, log, progress, digests, forgetter };
  client.on(Events.InteractionCreate, (ix) => void handleInteraction(ix, deps));
  client.once(Events.ClientReady, (ready) => log.info({ user: ready.user.tag, guilds: ready.guilds.cache.size }, "bot ready"));
  // Deliveries that arrived while the bot was down are posted as soon as it is back.
  // Posts get no REST retries of their own: the delivery queue is their one retry layer, and its
  // ledger knows which messages are out (a REST retry of a post Discord already stored would repeat it).
  const postRest = new REST({ api: discord.apiUrl, retries: 0 }).setToken(discord.token);
  const deliveries = consumeDeliveries(config.redis, config.retentionSeconds, discordPoster(postRest, discord.applicationId, Date.now, (d) => progress.finish(d.job)), config.worker.lockMs);
  deliveries.worker.on("failed", (job, err) => log.warn({ delivery: job?.id, reason: err.message }, "delivery failed"));

  let stopping = false;
  const stop = async (code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => {
      log.error({ deadlineMs: STOP_DEADLINE_MS }, "stopping took too long (is Redis reachable?); exiting");
      process.exit(code === 0 ? BOT_EXIT.failed : code);
    }, STOP_DEADLINE_MS).unref();
    await deliveries.close();
    await progress.close();
    await digests.close();
    await forgetter.close();
    await submitter.close();
    await client.destroy();
    process.exit(code);
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.on(signal, () => {
      if (!stopping) log.info({ signal }, "stopping");
      void stop(0);
    });
  }
  try {
    await logIn(client, discord.token, log);
  } catch (err) {
    if (!(err instanceof LoginError)) throw err;
    // Stopped on a signal meanwhile: that stop is under way, and the login no longer matters.
    if (stopping) return;
    log.fatal({ exitCode: err.exitCode }, err.message);
    await stop(err.exitCode);
  }
}

try {
  await start();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`standpoint bot: ${err.message}\n`);
  process.exitCode = BOT_EXIT.settings;
}
