import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/*
 * A fake Discord REST API over real HTTP, for discord.js's own REST client (its `api` option points
 * here). It records every request and keeps the messages posted per channel, enough for the bot's
 * replies, follow-ups, channel posts, DMs and command registration.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  /** The JSON body, or `payload_json` of a multipart body. */
  body: Record<string, unknown> | unknown[] | null;
  /** File names of a multipart body. */
  files: string[];
  authorization: string | undefined;
}

export interface FakeDiscord {
  api: string;
  requests: RecordedRequest[];
  /** Messages posted per channel id (interaction replies count in their channel `interaction-<token>`). */
  channels: Map<string, Record<string, unknown>[]>;
  close(): Promise<void>;
}

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
  const state: FakeDiscord = { api: "", requests: [], channels: new Map(), close: async () => undefined };
  let nextId = 1_000_000_000_000_000_000n;
  const snowflake = (): string => String(nextId++);
  const post = (channel: string, message: Record<string, unknown>): Record<string, unknown> => {
    const stored = { id: snowflake(), channel_id: channel, content: "", embeds: [], ...message };
    state.channels.set(channel, [...(state.channels.get(channel) ?? []), stored]);
    return stored;
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const url = new URL(req.url ?? "/", "http://localhost");
      const path = decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/u, "");
      const { body, files } = parseBody(Buffer.concat(chunks), req.headers["content-type"]);
      state.requests.push({ method: req.method ?? "", path, body, files, authorization: req.headers.authorization });
      const json = (status: number, value: unknown): void => void res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value));
      const message = (body ?? {}) as Record<string, unknown>;
      let m: RegExpExecArray | null;
      if ((m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/u.exec(path)) !== null && req.method === "POST") {
        const type = (message as { type?: number }).type;
        if (type === 4) post(`interaction-${m[2] ?? ""}`, ((message as { data?: Record<string, unknown> }).data ?? {}));
        if (url.searchParams.get("with_response") !== "true") return void res.writeHead(204).end();
        return json(200, { interaction: { id: m[1], type: 2, response_message_loading: type === 5, response_message_ephemeral: false }, resource: { type } });
      }
      if ((m = /^\/webhooks\/\d+\/([^/]+)\/messages\/@original$/u.exec(path)) !== null && req.method === "DELETE") return void res.writeHead(204).end();
      if (req.method === "PUT" && /^\/applications\/\d+(?:\/guilds\/\d+)?\/commands$/u.test(path)) return json(200, (body as unknown[]).map((c, i) => ({ id: String(i + 1), ...(c as object) })));
      if ((m = /^\/webhooks\/\d+\/([^/]+)\/messages\/@original$/u.exec(path)) !== null && req.method === "PATCH") return json(200, post(`interaction-${m[1] ?? ""}`, message));
      if ((m = /^\/webhooks\/\d+\/([^/]+)$/u.exec(path)) !== null && req.method === "POST") return json(200, post(`interaction-${m[1] ?? ""}`, message));
      if ((m = /^\/channels\/(\d+)\/messages$/u.exec(path)) !== null) {
        if (req.method === "POST") return json(200, post(m[1] ?? "", message));
        if (req.method === "GET") return json(200, [...(state.channels.get(m[1] ?? "") ?? [])].reverse());
      }
      // No bot logs in here: its token is refused as a revoked one is.
      if (req.method === "GET" && path === "/gateway/bot") return json(401, { message: "401: Unauthorized", code: 0 });
      if (req.method === "POST" && path === "/users/@me/channels") return json(200, { id: `${String((message as { recipient_id?: string }).recipient_id)}0`, type: 1 });
      json(404, { message: "Unknown route", code: 0 });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  state.api = `http://127.0.0.1:${port}/api`;
  state.close = () => new Promise((resolve) => server.close(() => resolve()));
  return state;
}
