import { Client, Events, GatewayIntentBits } from "discord.js";
import { ConfigError, loadConfig, requireDiscord } from "../core/config/env.js";
import { createLogger } from "../core/log.js";
import { consumeDeliveries } from "../core/queue/deliveries.js";
import { Submitter } from "../core/queue/submit.js";
import { handleInteraction } from "./dispatch.js";
import { discordPoster } from "./poster.js";
import { ProgressRelay } from "./progress.js";
import { DigestControl } from "../core/queue/digests.js";
import { Forgetter } from "../core/queue/forget.js";

/*
 * The bot process: answers commands by queueing threads (it never calls the model), posts the
 * deliveries the workers send back, and stops cleanly on SIGTERM/SIGINT.
 */

async function start(): Promise<void> {
  const config = loadConfig();
  const discord = requireDiscord(config);
  const log = createLogger("bot", config.logLevel);
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
  const deliveries = consumeDeliveries(config.redis, config.retentionSeconds, discordPoster(client.rest, discord.applicationId, Date.now, (d) => progress.finish(d.job)), config.worker.lockMs);
  deliveries.worker.on("failed", (job, err) => log.warn({ delivery: job?.id, reason: err.message }, "delivery failed"));

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "stopping");
    await deliveries.close();
    await progress.close();
    await digests.close();
    await forgetter.close();
    await submitter.close();
    await client.destroy();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
  await client.login(discord.token);
}

try {
  await start();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  process.stderr.write(`standpoint bot: ${err.message}\n`);
  process.exitCode = 2;
}
