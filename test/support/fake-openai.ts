import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/*
 * A fake OpenAI-compatible Chat Completions server, spoken to over real HTTP by the real `openai`
 * client. Each request is answered by a script; by default a "model" that summarises honestly by
 * quoting each speaker's first sentence, so tests and benches see realistic, grounded answers.
 */

export interface ChatRequestBody {
  model: string;
  messages: { role: string; content: string }[];
  response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: Record<string, unknown> } };
}

/** What the server does with one request. */
export type Reply =
  | { kind: "json"; content: unknown; delayMs?: number }
  | { kind: "raw"; content: string; delayMs?: number }
  | { kind: "error"; status: number; message: string; code?: string; headers?: Record<string, string>; delayMs?: number };

export type Script = (body: ChatRequestBody, call: number) => Reply;

export interface FakeOpenAi {
  baseURL: string;
  /** Every request body received, in order. */
  requests: ChatRequestBody[];
  /** Most requests in flight at once. */
  maxInFlight: number;
  close(): Promise<void>;
}

/** Starts the server on a free localhost port. */
export async function startFakeOpenAi(script: Script = honestModel): Promise<FakeOpenAi> {
  const state: FakeOpenAi = { baseURL: "", requests: [], maxInFlight: 0, close: async () => undefined };
  let inFlight = 0;
  const server: Server = createServer((req, res) => {
    void handle(req, res);
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== "POST" || !(req.url ?? "").endsWith("/chat/completions")) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "not found" } }));
      return;
    }
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    try {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as ChatRequestBody;
      const call = state.requests.push(body) - 1;
      const reply = script(body, call);
      if (reply.delayMs !== undefined) await new Promise((r) => setTimeout(r, reply.delayMs));
      if (reply.kind === "error") {
        res
          .writeHead(reply.status, { "content-type": "application/json", ...reply.headers })
          .end(JSON.stringify({ error: { message: reply.message, type: "fake_error", code: reply.code ?? null } }));
        return;
      }
      const content = reply.kind === "json" ? JSON.stringify(reply.content) : reply.content;
      const promptTokens = Math.ceil(body.messages.reduce((n, m) => n + m.content.length, 0) / 4);
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          id: `chatcmpl-${call}`,
          object: "chat.completion",
          created: 0,
          model: body.model,
          choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content, refusal: null } }],
          usage: { prompt_tokens: promptTokens, completion_tokens: Math.ceil(content.length / 4), total_tokens: promptTokens + Math.ceil(content.length / 4) },
        }),
      );
    } finally {
      inFlight--;
    }
  }
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  state.baseURL = `http://127.0.0.1:${port}/v1`;
  state.close = () => new Promise((resolve) => server.close(() => resolve()));
  return state;
}

/** The first user message of a request: the one with the thread (a repair request adds another). */
export const userMessage = (body: ChatRequestBody): string => body.messages.find((m) => m.role === "user")?.content ?? "";

/** Speaker ids by name, from the `Speakers: s1 = A, s2 = B` line every prompt carries. */
export function speakersIn(body: ChatRequestBody): Map<string, string> {
  const line = /^Speakers: (.*)$/mu.exec(userMessage(body))?.[1] ?? "";
  return new Map(
    line
      .split(/, (?=s\d+ = )/u)
      .map((pair) => /^(s\d+) = (.*)$/u.exec(pair))
      .flatMap((m) => (m === null ? [] : [[m[2] ?? "", m[1] ?? ""] as [string, string]])),
  );
}

/**
 * An honest model: for a thread or part, each speaker's first own sentence as their position; for
 * a reduce, the positions of every part merged.
 */
export const honestModel: Script = (body) => ({ kind: "json", content: honestSummary(body) });

export function honestSummary(body: ChatRequestBody): unknown {
  const user = userMessage(body);
  const parts = /BEGIN PARTS \w+\n([\s\S]*)\nEND PARTS/u.exec(user);
  if (parts !== null) {
    const partials = JSON.parse(parts[1] ?? "[]") as { speakers: { id: string; stance: string; positions: unknown[] }[] }[];
    const merged = new Map<string, { id: string; stance: string; positions: unknown[] }>();
    for (const p of partials) {
      for (const s of p.speakers) {
        const entry = merged.get(s.id);
        if (entry === undefined) merged.set(s.id, { id: s.id, stance: s.stance, positions: [...s.positions] });
        else entry.positions.push(...s.positions);
      }
    }
    return { topic: "merged", speakers: [...merged.values()], agreements: [], contentions: [], open_questions: [] };
  }
  const ids = speakersIn(body);
  const text = /BEGIN (?:THREAD|PART) \w+\n([\s\S]*)\nEND (?:THREAD|PART)/u.exec(user)?.[1] ?? "";
  const said = new Map<string, string>();
  for (const block of text.split(/\n\n(?=\[)/u)) {
    const header = /^\[(.+), depth \d+(, context)?\]\n([\s\S]*)$/u.exec(block);
    if (header === null || header[2] !== undefined) continue;
    const id = ids.get(header[1] ?? "");
    const sentence = /^[\s\S]*?[.?!](?=\s|$)/u.exec((header[3] ?? "").replace(/\s+/gu, " ").trim())?.[0];
    if (id !== undefined && sentence !== undefined && !said.has(id)) said.set(id, sentence);
  }
  // Stances and claims are short, as a model writes them; the evidence is the quote itself.
  const gist = (sentence: string): string => sentence.split(" ").slice(0, 10).join(" ");
  return {
    topic: "a fake summary",
    speakers: [...said].map(([id, sentence]) => ({ id, stance: gist(sentence), positions: [{ claim: gist(sentence), evidence: [sentence], replies_to: null }] })),
    agreements: [],
    contentions: [],
    open_questions: [],
  };
}
