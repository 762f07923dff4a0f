import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { until } from "./wait.js";

/*
 * A fake Discord gateway (v10, JSON, no compression) for the real bot process: discord.js connects
 * to it at the URL the fake REST API's GET /gateway/bot names. It says HELLO, answers heartbeats,
 * checks the token on IDENTIFY (4004 when wrong, as Discord does), then sends READY and the test
 * guild's GUILD_CREATE; tests then dispatch events, INTERACTION_CREATE above all, as Discord would.
 */

/** The one guild the bot is in: a text channel and a member who runs the commands. */
export const TEST_GUILD = {
  id: "444444444444444444",
  name: "Standpoint tests",
  channelId: "222222222222222222",
  member: { id: "333333333333333333", username: "ann", discriminator: "0", global_name: "Ann", avatar: null },
} as const;

/** Gateway opcodes this fake speaks. */
const OP = { dispatch: 0, heartbeat: 1, identify: 2, resume: 6, invalidSession: 9, hello: 10, heartbeatAck: 11 } as const;

/** One WebSocket connection from a client, as the gateway saw it. */
export interface GatewaySession {
  /** Set once IDENTIFY carried the right token (READY sent). */
  identified: boolean;
  /** The `intents` the client identified with. */
  intents: number | undefined;
  /** Heartbeats received (each was acknowledged). */
  heartbeats: number;
  /** How the connection ended: the client's close code (1000 a clean close, 1006 the process gone), or null while open. */
  closed: { code: number; reason: string } | null;
}

export interface FakeGateway {
  /** The ws:// URL to give clients (GET /gateway/bot answers with it). */
  url: string;
  /** Every connection, in the order they were made. */
  sessions: GatewaySession[];
  /** Sends a dispatch event to every identified, open connection; throws when there is none (the bot is not logged in). */
  dispatch(event: string, data: unknown): void;
  /** Sends INTERACTION_CREATE with a raw interaction payload (see ./interactions.ts). */
  interact(payload: Record<string, unknown>): void;
  /** Waits until `count` connections in all have identified, and returns the last of them. */
  waitForSessions(count: number, timeoutMs?: number): Promise<GatewaySession>;
  close(): Promise<void>;
}

export interface FakeGatewayOptions {
  /** The bot token IDENTIFY must carry. */
  token: string;
  /** The application id, which is also the bot user's id. */
  applicationId: string;
  /** Discord's real interval by default: tests run well within one. */
  heartbeatIntervalMs?: number;
}

/** Starts the gateway on a free localhost port. */
export async function startFakeGateway(options: FakeGatewayOptions): Promise<FakeGateway> {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((resolve) => server.once("listening", resolve));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const botUser = { id: options.applicationId, username: "standpoint", discriminator: "0", global_name: null, avatar: null, bot: true, flags: 0 };
  const live = new Map<GatewaySession, { socket: WebSocket; seq: number }>();
  const sessions: GatewaySession[] = [];

  const send = (session: GatewaySession, event: string, data: unknown): void => {
    const conn = live.get(session);
    if (conn === undefined) return;
    conn.seq++;
    conn.socket.send(JSON.stringify({ op: OP.dispatch, t: event, s: conn.seq, d: data }));
  };

  server.on("connection", (socket) => {
    const session: GatewaySession = { identified: false, intents: undefined, heartbeats: 0, closed: null };
    sessions.push(session);
    live.set(session, { socket, seq: 0 });
    socket.on("close", (code, reason) => {
      session.closed = { code, reason: reason.toString("utf8") };
      live.delete(session);
    });
    socket.send(JSON.stringify({ op: OP.hello, d: { heartbeat_interval: options.heartbeatIntervalMs ?? 41_250 }, s: null, t: null }));
    socket.on("message", (raw) => {
      let payload: { op?: number; d?: { token?: string; intents?: number } };
      try {
        payload = JSON.parse(raw.toString()) as typeof payload;
      } catch {
        return void socket.close(4002, "Error while decoding payload.");
      }
      switch (payload.op) {
        case OP.heartbeat:
          session.heartbeats++;
          return void socket.send(JSON.stringify({ op: OP.heartbeatAck, d: null, s: null, t: null }));
        case OP.identify: {
          if (session.identified) return void socket.close(4005, "Already authenticated.");
          if (payload.d?.token !== options.token) return void socket.close(4004, "Authentication failed.");
          session.identified = true;
          session.intents = payload.d.intents;
          send(session, "READY", {
            v: 10,
            user: botUser,
            guilds: [{ id: TEST_GUILD.id, unavailable: true }],
            session_id: randomBytes(16).toString("hex"),
            resume_gateway_url: url,
            shard: [0, 1],
            application: { id: options.applicationId, flags: 0 },
            private_channels: [],
            relationships: [],
            presences: [],
            guild_join_requests: [],
            geo_ordered_rtc_regions: [],
            user_settings: {},
          });
          return void send(session, "GUILD_CREATE", guildCreate(botUser));
        }
        // Sessions are not kept: a resume is refused, and the client identifies anew.
        case OP.resume:
          return void socket.send(JSON.stringify({ op: OP.invalidSession, d: false, s: null, t: null }));
        default:
          // Presence updates, member requests and the like need no answer here.
          return;
      }
    });
  });

  const gateway: FakeGateway = {
    url,
    sessions,
    dispatch(event, data) {
      const targets = [...live.keys()].filter((s) => s.identified);
      if (targets.length === 0) throw new Error(`no identified gateway session to send ${event} to`);
      for (const s of targets) send(s, event, data);
    },
    interact(payload) {
      gateway.dispatch("INTERACTION_CREATE", payload);
    },
    waitForSessions(count, timeoutMs = 30_000) {
      const identified = (): GatewaySession[] => sessions.filter((s) => s.identified);
      return until(() => (identified().length >= count ? identified().at(-1) : undefined), `${count} identified gateway session(s)`, timeoutMs);
    },
    close() {
      for (const { socket } of live.values()) socket.terminate();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
  return gateway;
}

/** The test guild as GUILD_CREATE carries it: what discord.js caches for the bot. */
function guildCreate(botUser: Record<string, unknown>): Record<string, unknown> {
  const joined = "2024-01-01T00:00:00.000000+00:00";
  return {
    id: TEST_GUILD.id,
    name: TEST_GUILD.name,
    icon: null,
    owner_id: TEST_GUILD.member.id,
    unavailable: false,
    large: false,
    member_count: 2,
    joined_at: joined,
    features: [],
    preferred_locale: "en-US",
    afk_channel_id: null,
    afk_timeout: 300,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    premium_tier: 0,
    premium_progress_bar_enabled: false,
    // The @everyone role has the guild's id; "0" permissions beyond the defaults.
    roles: [{ id: TEST_GUILD.id, name: "@everyone", permissions: "0", position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
    channels: [{ id: TEST_GUILD.channelId, type: 0, name: "general", position: 0, parent_id: null, permission_overwrites: [], nsfw: false, topic: null, last_message_id: null, rate_limit_per_user: 0 }],
    members: [botUser, TEST_GUILD.member].map((user) => ({ user, roles: [], joined_at: joined, deaf: false, mute: false, flags: 0 })),
    threads: [],
    voice_states: [],
    presences: [],
    emojis: [],
    stickers: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}
