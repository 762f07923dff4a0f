import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/*
 * A fake Discord REST API over real HTTP, for discord.js's own REST client (its `api` option points
 * here). It records every request and keeps every message as Discord would show it: where it is,
 * who can see it (an ephemeral reply or a DM: its one user; a channel message: everyone), edits in
 * place, deletions. Enough for the bot's replies, follow-ups, channel posts, DMs and command
 * registration, with faults to inject: a reply the user deleted, a token Discord no longer takes, a
 * request refused, a connection cut before or after the message was stored.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  /** The JSON body, or `payload_json` of a multipart body. */
  body: Record<string, unknown> | unknown[] | null;
  /** File names of a multipart body. */
  files: string[];
  /** The whole body as text, files included: what a privacy check must search. */
  raw: string;
  authorization: string | undefined;
}

export interface FakeMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: { title?: string; footer?: { text: string } }[];
  flags: number;
  /** File names attached, the latest upload's. */
  files: string[];
  /** "everyone", or the id of the one user who can see it (an ephemeral reply, a DM). */
  seenBy: string;
  deleted: boolean;
  /** Who wrote it: the bot (FAKE_BOT_ID) for everything sent through the API, else a member (`say`). */
  author: { id: string; bot: boolean };
}

/** The bot's own user id, as GET /users/@me answers it (the tests' application id). */
export const FAKE_BOT_ID = "111111111111111111";

/** What the next request matching a fault gets instead of its answer. */
export type Fault =
  /** Dropped before Discord acts on it: nothing is stored. */
  | "cut-before"
  /** Acted on, then the connection drops: the message exists but the sender never hears so. */
  | "cut-after"
  | { status: number; code: number };

export interface FakeDiscord {
  api: string;
  requests: RecordedRequest[];
  /** Every message, in the order it was created; edits change it in place. */
  messages: FakeMessage[];
  /** A channel's messages as its members see them: not deleted, not ephemeral, oldest first. */
  channel(id: string): FakeMessage[];
  /** An interaction's reply (`@original`), if it has one. */
  original(token: string): FakeMessage | undefined;
  /** An interaction deferred from `channel` by `user`, as a callback of type 5 (with flags 64 when ephemeral) leaves it. */
  defer(token: string, interaction: { channel: string; user: string; ephemeral: boolean }): void;
  /**
   * An interaction Discord sent the bot from `channel` by `user`, not answered yet: its reply and
   * public follow-ups will be messages of that channel, its ephemeral ones seen by `user` alone.
   * Without it, a token stands for a requester in a channel of its own.
   */
  received(token: string, interaction: { channel: string; user: string }): void;
  /** The user deleted the reply: `@original` answers 404 Unknown Message (10008) from now on. */
  deleteReply(token: string): void;
  /** Discord no longer takes the token: every webhook route answers 401 Invalid Webhook Token (50027). */
  invalidate(token: string): void;
  /** A member writes `content` in `channel`, as anyone in a server may. */
  say(channel: string, user: string, content: string): FakeMessage;
  /** The next request that `when` matches gets `fault` (once). */
  fault(when: (r: RecordedRequest) => boolean, fault: Fault): void;
  /** The gateway's ws:// URL, which GET /gateway/bot answers with (set by whoever starts a fake gateway). */
  gateway?: string;
  close(): Promise<void>;
}

interface Interaction {
  channel: string;
  user: string;
  ephemeral: boolean;
  original: FakeMessage | null;
  invalid: boolean;
}

const EPHEMERAL = 64;
const LOADING = 128;

function parseBody(raw: Buffer, type: string | undefined): { body: RecordedRequest["body"]; files: string[] } {
  if (raw.length === 0) return { body: null, files: [] };
  if (type?.startsWith("multipart/form-data") === true) {
    const text = raw.toString("utf8");
    const payload = /name="payload_json"(?:\r\nContent-Type: [^\r\n]*)?\r\n\r\n([\s\S]*?)\r\n--/u.exec(text)?.[1];
    const files = [...text.matchAll(/filename="([^"]+)"/gu)].map((m) => m[1] ?? "");
    return { body: payload === undefined ? null : (JSON.parse(payload) as Record<string, unknown>), files };
  }
  return { body: JSON.parse(raw.toString("utf8")) as Record<string, unknown>, files: [] };
}

export async function startFakeDiscord(): Promise<FakeDiscord> {
  const messages: FakeMessage[] = [];
  const interactions = new Map<string, Interaction>();
  // DM channel id → its recipient.
  const dms = new Map<string, string>();
  const faults: { when: (r: RecordedRequest) => boolean; fault: Fault }[] = [];
  let nextId = 1_000_000_000_000_000_000n;
  const snowflake = (): string => String(nextId++);

  const create = (channel: string, seenBy: string, body: Record<string, unknown>, files: string[], flags: number): FakeMessage => {
    const message: FakeMessage = { id: snowflake(), channel_id: channel, content: "", embeds: [], flags, files, seenBy, deleted: false, author: { id: FAKE_BOT_ID, bot: true } };
    edit(message, body, files);
    messages.push(message);
    return message;
  };
  const edit = (message: FakeMessage, body: Record<string, unknown>, files: string[]): void => {
    if (typeof body.content === "string") message.content = body.content;
    if (Array.isArray(body.embeds)) message.embeds = body.embeds as FakeMessage["embeds"];
    if (files.length > 0) message.files = files;
    message.flags &= ~LOADING;
  };
  // A token first seen on a webhook route belongs to an interaction deferred publicly in a channel of its own.
  const interactionOf = (token: string): Interaction => {
    let ix = interactions.get(token);
    if (ix === undefined) {
      ix = { channel: `interaction-${token}`, user: "requester", ephemeral: false, original: null, invalid: false };
      ix.original = create(ix.channel, "everyone", {}, [], LOADING);
      interactions.set(token, ix);
    }
    return ix;
  };
  const seenBy = (ix: Interaction, ephemeral: boolean): string => (ephemeral ? ix.user : "everyone");
  const visible = (channel: string): FakeMessage[] => messages.filter((m) => m.channel_id === channel && !m.deleted && (m.flags & EPHEMERAL) === 0);

  type Answer = { status: number; value?: unknown };
  const unknownMessage: Answer = { status: 404, value: { message: "Unknown Message", code: 10008 } };
  const invalidToken: Answer = { status: 401, value: { message: "Invalid Webhook Token", code: 50027 } };

  const answer = (method: string, path: string, url: URL, body: RecordedRequest["body"], files: string[]): Answer => {
    const message = (body ?? {}) as Record<string, unknown>;
    const flags = typeof message.flags === "number" ? message.flags : 0;
    let m: RegExpExecArray | null;
    if ((m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/u.exec(path)) !== null && method === "POST") {
      const token = m[2] ?? "";
      const type = (message as { type?: number }).type;
      const data = (message as { data?: Record<string, unknown> }).data ?? {};
      const ephemeral = ((typeof data.flags === "number" ? data.flags : 0) & EPHEMERAL) !== 0;
      const ix: Interaction = interactions.get(token) ?? { channel: `interaction-${token}`, user: "requester", ephemeral, original: null, invalid: false };
      ix.ephemeral = ephemeral;
      ix.original = create(ix.channel, seenBy(ix, ephemeral), type === 4 ? data : {}, [], (ephemeral ? EPHEMERAL : 0) | (type === 5 ? LOADING : 0));
      interactions.set(token, ix);
      if (url.searchParams.get("with_response") !== "true") return { status: 204 };
      return { status: 200, value: { interaction: { id: m[1], type: 2, response_message_loading: type === 5, response_message_ephemeral: ephemeral }, resource: { type } } };
    }
    if ((m = /^\/webhooks\/\d+\/([^/]+)(\/messages\/@original)?$/u.exec(path)) !== null) {
      const ix = interactionOf(m[1] ?? "");
      if (ix.invalid) return invalidToken;
      if (m[2] === undefined) {
        if (method !== "POST") return { status: 405, value: { message: "405: Method Not Allowed", code: 0 } };
        const ephemeral = (flags & EPHEMERAL) !== 0;
        return { status: 200, value: create(ix.channel, seenBy(ix, ephemeral), message, files, ephemeral ? EPHEMERAL : 0) };
      }
      const original = ix.original;
      if (original === null || original.deleted) return unknownMessage;
      if (method === "GET") return { status: 200, value: original };
      if (method === "DELETE") {
        original.deleted = true;
        return { status: 204 };
      }
      if (method === "PATCH") {
        edit(original, message, files);
        return { status: 200, value: original };
      }
    }
    if (method === "PUT" && /^\/applications\/\d+(?:\/guilds\/\d+)?\/commands$/u.test(path)) return { status: 200, value: (body as unknown[]).map((c, i) => ({ id: String(i + 1), ...(c as object) })) };
    if ((m = /^\/channels\/(\d+)\/messages$/u.exec(path)) !== null) {
      const channel = m[1] ?? "";
      if (method === "POST") return { status: 200, value: create(channel, dms.get(channel) ?? "everyone", message, files, 0) };
      if (method === "GET") return { status: 200, value: visible(channel).reverse().slice(0, Number(url.searchParams.get("limit") ?? "50")) };
    }
    if (method === "GET" && path === "/users/@me") return { status: 200, value: { id: FAKE_BOT_ID, username: "standpoint", discriminator: "0", bot: true } };
    if (method === "POST" && path === "/users/@me/channels") {
      const recipient = String((message as { recipient_id?: string }).recipient_id);
      const id = `${recipient}0`;
      dms.set(id, recipient);
      return { status: 200, value: { id, type: 1 } };
    }
    if (method === "GET" && path === "/gateway/bot") {
      // Without a gateway no bot logs in here: its token is refused as a revoked one is.
      if (state.gateway === undefined) return { status: 401, value: { message: "401: Unauthorized", code: 0 } };
      return { status: 200, value: { url: state.gateway, shards: 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 86_400_000, max_concurrency: 1 } } };
    }
    return { status: 404, value: { message: "Unknown route", code: 0 } };
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const url = new URL(req.url ?? "/", "http://localhost");
      const path = decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/u, "");
      const raw = Buffer.concat(chunks);
      const { body, files } = parseBody(raw, req.headers["content-type"]);
      const recorded: RecordedRequest = { method: req.method ?? "", path, body, files, raw: raw.toString("utf8"), authorization: req.headers.authorization };
      state.requests.push(recorded);
      const i = faults.findIndex((f) => f.when(recorded));
      const fault = i === -1 ? undefined : faults.splice(i, 1)[0]?.fault;
      if (fault === "cut-before") return void req.socket.destroy();
      if (typeof fault === "object") return void res.writeHead(fault.status, { "content-type": "application/json" }).end(JSON.stringify({ message: "injected", code: fault.code }));
      const { status, value } = answer(req.method ?? "", path, url, body, files);
      if (fault === "cut-after") return void req.socket.destroy();
      if (value === undefined) return void res.writeHead(status).end();
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
    })();
  });

  const state: FakeDiscord = {
    api: "",
    requests: [],
    messages,
    channel: (id) => visible(id),
    original: (token) => interactions.get(token)?.original ?? undefined,
    defer(token, { channel, user, ephemeral }) {
      const ix: Interaction = { channel, user, ephemeral, original: null, invalid: false };
      ix.original = create(channel, seenBy(ix, ephemeral), {}, [], (ephemeral ? EPHEMERAL : 0) | LOADING);
      interactions.set(token, ix);
    },
    received(token, { channel, user }) {
      interactions.set(token, { channel, user, ephemeral: false, original: null, invalid: false });
    },
    deleteReply(token) {
      const original = interactionOf(token).original;
      if (original !== null) original.deleted = true;
    },
    invalidate(token) {
      interactionOf(token).invalid = true;
    },
    say(channel, user, content) {
      const message = create(channel, dms.get(channel) ?? "everyone", { content }, [], 0);
      message.author = { id: user, bot: false };
      return message;
    },
    fault(when, fault) {
      faults.push({ when, fault });
    },
    close: async () => undefined,
  };
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  state.api = `http://127.0.0.1:${port}/api`;
  state.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
