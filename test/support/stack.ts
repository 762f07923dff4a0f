import { startFakeDiscord, type FakeDiscord, type RecordedRequest } from "./fake-discord.js";
import { startFakeGateway, type FakeGateway } from "./fake-gateway.js";
import { startFakeOpenAi, type FakeOpenAi, type Script } from "./fake-openai.js";
import { ManagedProcess } from "./processes.js";
import { deleteKeys } from "./redis.js";
import { until } from "./wait.js";

/*
 * A whole Standpoint deployment for end-to-end tests: the real bot and worker processes, a real
 * Redis under a key prefix of the stack's own, and fakes only at the edges — Discord's REST API and
 * gateway, and optionally the model. Tests drive it as Discord would (gateway events in, REST calls
 * out) and crash or stop its processes with real signals.
 */

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
let stacks = 0;

export interface StackOptions {
  /** Worker processes started at once (more with `startWorker`); 1 unless given. */
  workers?: number;
  /** Whether the bot starts at once and logs in; true unless given (else `startBot`). */
  bot?: boolean;
  /** A fake model answering by this script; without it the workers summarise offline. */
  model?: Script;
  /** More environment for every process (STANDPOINT_* settings, LOG_LEVEL…; for the bot, DISCORD_* too). */
  env?: Record<string, string>;
}

export interface Stack {
  readonly redisUrl: string;
  /** The stack's own Redis key prefix, deleted by `stop`. */
  readonly prefix: string;
  readonly applicationId: string;
  readonly token: string;
  readonly discord: FakeDiscord;
  readonly gateway: FakeGateway;
  /** The fake model, when the stack has one. */
  readonly model: FakeOpenAi | undefined;
  readonly bot: ManagedProcess;
  readonly workers: ManagedProcess[];
  /** Starts the bot process and waits until it is logged in to the gateway. */
  startBot(): Promise<void>;
  /** Kills the bot (SIGKILL unless told) and starts it again, logged in. */
  restartBot(signal?: NodeJS.Signals): Promise<void>;
  /** Starts one more worker process, with more environment if given. */
  startWorker(env?: Record<string, string>): ManagedProcess;
  /** Sends a raw interaction to the bot over the gateway (see ./interactions.ts); the fake Discord learns its channel and user. */
  interact(payload: Record<string, unknown>): void;
  /** Waits until the fake Discord has seen a request matching `match`, and returns the first such. */
  waitForRequest(match: (r: RecordedRequest) => boolean, what: string, timeoutMs?: number): Promise<RecordedRequest>;
  /** Every process's output, for a failing test's message. */
  logs(): string;
  /** Kills every process, closes the fakes and deletes the stack's Redis keys. */
  stop(): Promise<void>;
}

/** Settings from the developer's own environment that must not leak into the stack's processes. */
const OWN = /^(?:DISCORD_|OPENAI_|STANDPOINT_|REDIS_URL$|LOG_LEVEL$)/u;

/** Starts the fakes, then the workers and the bot; the bot is logged in when this resolves. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  stacks++;
  const prefix = `sptest-e2e-${process.pid}-${stacks}-${Date.now().toString(36)}`;
  const applicationId = "111111111111111111";
  const token = "MTExMTExMTExMTExMTExMTEx.GabcDe.abcdefghijklmnopqrstuvwxyz0123";
  const discord = await startFakeDiscord();
  // Heartbeats every 2 s, so that they (and their acknowledgements) happen within a test.
  const gateway = await startFakeGateway({ token, applicationId, heartbeatIntervalMs: 2000 });
  discord.gateway = gateway.url;
  const model = options.model === undefined ? undefined : await startFakeOpenAi(options.model);
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !OWN.test(k)));
  const env = {
    ...inherited,
    REDIS_URL,
    STANDPOINT_REDIS_PREFIX: prefix,
    // No result cache on disk: each stack starts from nothing and leaves nothing.
    STANDPOINT_CACHE: "off",
    STANDPOINT_JOB_LOCK_MS: "1000",
    STANDPOINT_RETRY_DELAY_MS: "100",
    STANDPOINT_SHUTDOWN_GRACE_MS: "10000",
    ...(model === undefined ? {} : { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: model.baseURL }),
    LOG_LEVEL: "info",
    ...options.env,
  };
  // The test's env last: it may give the bot another token.
  const bot = new ManagedProcess("bot", "bot/main.ts", { ...env, DISCORD_TOKEN: token, DISCORD_APPLICATION_ID: applicationId, DISCORD_API_URL: discord.api, ...options.env });
  const workers: ManagedProcess[] = [];

  const stack: Stack = {
    redisUrl: REDIS_URL,
    prefix,
    applicationId,
    token,
    discord,
    gateway,
    model,
    bot,
    workers,
    async startBot() {
      const before = gateway.sessions.filter((s) => s.identified).length;
      bot.start();
      await Promise.race([
        gateway.waitForSessions(before + 1),
        bot.exited().then((exit) => {
          throw new Error(`the bot exited (${JSON.stringify(exit)}) before logging in:\n${stack.logs()}`);
        }),
      ]);
    },
    async restartBot(signal = "SIGKILL") {
      await bot.stop(signal);
      await stack.startBot();
    },
    startWorker(extra = {}) {
      const worker = new ManagedProcess(`worker ${workers.length + 1}`, "worker/main.ts", { ...env, ...extra }).start();
      workers.push(worker);
      return worker;
    },
    interact(payload) {
      const { token, channel_id: channel, member, user } = payload as { token: string; channel_id: string; member?: { user: { id: string } }; user?: { id: string } };
      discord.received(token, { channel, user: member?.user.id ?? user?.id ?? "requester" });
      gateway.interact(payload);
    },
    waitForRequest(match, what, timeoutMs = 30_000) {
      return until(() => discord.requests.find(match), what, timeoutMs).catch((err: unknown) => {
        const seen = discord.requests.map((r) => `${r.method} ${r.path}`).join("\n");
        throw new Error(`${err instanceof Error ? err.message : String(err)}\nrequests seen:\n${seen}\n${stack.logs()}`);
      });
    },
    logs() {
      return [bot, ...workers].map((p) => `--- ${p.name} stdout\n${p.stdout}--- ${p.name} stderr\n${p.stderr}`).join("\n");
    },
    async stop() {
      await Promise.all([bot, ...workers].map((p) => p.stop("SIGKILL")));
      await gateway.close();
      await discord.close();
      await model?.close();
      await deleteKeys(REDIS_URL, prefix);
    },
  };

  try {
    for (let i = 0; i < (options.workers ?? 1); i++) stack.startWorker();
    if (options.bot ?? true) await stack.startBot();
  } catch (err) {
    await stack.stop();
    throw err;
  }
  return stack;
}
