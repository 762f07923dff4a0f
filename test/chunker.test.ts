import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chunkThread } from "../core/chunk/chunker.js";
import { exchangeUnits } from "../core/chunk/exchanges.js";
import { ChunkSchema, renderParts, speakerNames } from "../core/chunk/model.js";
import type { Chunk } from "../core/chunk/model.js";
import { encodingFor, tokenizerFor } from "../core/chunk/tokenizer.js";
import type { Role, Segment, Thread } from "../core/thread/model.js";
import { buildTurns } from "../core/thread/turns.js";

const tokenizer = tokenizerFor("gpt-4o");

const seg = (
  speaker: string | null,
  depth: number,
  text: string,
  message = 0,
  role: Role = "content",
): Segment => ({ speaker, depth, role, text, message });

function threadOf(segments: Segment[]): Thread {
  const ids = [...new Set(segments.flatMap((s) => (s.speaker === null ? [] : [s.speaker])))];
  return {
    version: 1,
    source: "test",
    speakers: ids.map((id) => {
      const name = `${id[0]?.toUpperCase()}${id.slice(1)} Example`;
      return { id, name, email: null, aliases: [], known: true };
    }),
    segments,
    turns: buildTurns(segments),
  };
}

const words = (text: string): string[] => text.split(/\s+/).filter((w) => w !== "");

const contentWords = (thread: Thread): string[] =>
  thread.segments.filter((s) => s.role === "content").flatMap((s) => words(s.text));

const chunkedWords = (chunks: readonly Chunk[]): string[] =>
  chunks.flatMap((c) => c.parts.flatMap((p) => words(p.text)));

/** Chunk indexes each turn id appears in. */
function chunksByTurn(chunks: readonly Chunk[]): Map<number, Set<number>> {
  const where = new Map<number, Set<number>>();
  for (const chunk of chunks) {
    for (const part of chunk.parts) {
      where.set(part.turn, (where.get(part.turn) ?? new Set()).add(chunk.index));
    }
  }
  return where;
}

/** The contract every chunking must keep, whatever the thread. */
function expectWellFormed(thread: Thread, chunks: readonly Chunk[], maxTokens: number): void {
  const names = speakerNames(thread.speakers);
  chunks.forEach((chunk, i) => {
    expect(ChunkSchema.parse(chunk)).toEqual(chunk);
    expect(chunk.index).toBe(i);
    expect(chunk.text).toBe(renderParts(chunk.parts, names));
    expect(chunk.tokens).toBe(tokenizer.countTokens(chunk.text));
    expect(chunk.tokens).toBeLessThanOrEqual(maxTokens);
    expect(chunk.turns).toEqual([...new Set(chunk.parts.map((p) => p.turn))]);
  });
  const order = chunks.flatMap((c) => c.parts.map((p) => p.turn));
  expect(order).toEqual([...order].sort((a, b) => a - b));
  expect(chunkedWords(chunks)).toEqual(contentWords(thread));
}

const sentence = (topic: string, n: number): string =>
  `The ${topic} proposal number ${n} changes how the queue drains when the device resets.`;

const paragraph = (topic: string, sentences: number): string =>
  Array.from({ length: sentences }, (_, i) => sentence(topic, i)).join(" ");

/** An interleaved reply: attribution, the quoted text, then the answer. */
const exchange = (message: number, quoted: string, author: string, topic: string): Segment[] => [
  seg(null, 1, `On Monday, ${quoted} wrote:`, message, "attribution"),
  seg(quoted, 1, paragraph(`${topic} quoted`, 3), message),
  seg(author, 0, paragraph(`${topic} answer`, 4), message),
];

describe("tokenizer", () => {
  it("maps model names to their encodings", () => {
    expect(encodingFor("gpt-4o-mini")).toBe("o200k_base");
    expect(encodingFor("gpt-4.1")).toBe("o200k_base");
    expect(encodingFor("gpt-5")).toBe("o200k_base");
    expect(encodingFor("o3-mini")).toBe("o200k_base");
    expect(encodingFor("gpt-4")).toBe("cl100k_base");
    expect(encodingFor("gpt-4-turbo")).toBe("cl100k_base");
    expect(encodingFor("gpt-3.5-turbo")).toBe("cl100k_base");
    expect(encodingFor("openai/gpt-4")).toBe("cl100k_base");
    expect(encodingFor("llama3.1:8b")).toBe("o200k_base");
  });

  it("shares one tokenizer per encoding and counts special-token text as plain text", () => {
    expect(tokenizerFor("gpt-4o")).toBe(tokenizerFor("qwen2.5"));
    expect(tokenizer.countTokens("the <|endoftext|> marker")).toBeGreaterThan(3);
    expect(tokenizerFor("gpt-4").countTokens("hello world")).toBe(2);
  });
});

describe("chunkThread", () => {
  it("puts a thread that fits into one chunk without attributions or signatures", () => {
    const thread = threadOf([
      seg("alice", 0, "I think we should drop the legacy path.\n\nIt has no users left.", 0),
      seg("alice", 0, "-- \nAlice", 0, "signature"),
      seg(null, 1, "Alice wrote:", 1, "attribution"),
      seg("alice", 1, "I think we should drop the legacy path.", 1),
      seg("bob", 0, "Agreed, but keep the flag for a release.", 1),
    ]);
    const chunks = chunkThread(thread, { maxTokens: 1000, tokenizer });
    expect(chunks).toHaveLength(1);
    const [chunk] = chunks;
    expect(chunk?.turns).toEqual([0, 1, 2]);
    expect(chunk?.text).toBe(
      [
        "[Alice Example, depth 0]\nI think we should drop the legacy path.\n\nIt has no users left.",
        "[Alice Example, depth 1, context]\nI think we should drop the legacy path.",
        "[Bob Example, depth 0]\nAgreed, but keep the flag for a release.",
      ].join("\n\n"),
    );
    expectWellFormed(thread, chunks, 1000);
  });

  it("cuts a long thread only between exchanges", () => {
    const speakers = ["alice", "bob", "carol"];
    const segments = Array.from({ length: 12 }, (_, m) =>
      exchange(m, speakers[m % 3] ?? "alice", speakers[(m + 1) % 3] ?? "bob", `topic${m}`),
    ).flat();
    const thread = threadOf(segments);
    const maxTokens = 400;
    const chunks = chunkThread(thread, { maxTokens, tokenizer });
    expect(chunks.length).toBeGreaterThan(2);
    expectWellFormed(thread, chunks, maxTokens);
    for (const [, where] of chunksByTurn(chunks)) expect(where.size).toBe(1);
    const where = chunksByTurn(chunks);
    for (const turn of thread.turns) {
      if (turn.replies_to === null) continue;
      expect(where.get(turn.id)).toEqual(where.get(turn.replies_to));
    }
  });

  it("keeps a top-posted reply with the quote below it", () => {
    const thread = threadOf([
      seg("alice", 0, paragraph("filler", 10), 0),
      seg("bob", 0, "Yes, that matches what I see on my machines.", 1),
      seg(null, 1, "Alice wrote:", 1, "attribution"),
      seg("alice", 1, paragraph("symptom", 2), 1),
    ]);
    const chunks = chunkThread(thread, { maxTokens: 200, tokenizer });
    expect(chunks.map((c) => c.turns)).toEqual([[0], [1, 2]]);
    expectWellFormed(thread, chunks, 200);
  });

  it("cuts an oversize turn at paragraphs, then sentences, each piece within budget", () => {
    const small = ["First short point about locking.", "Second short point about tests."];
    const large = paragraph("huge", 12);
    const text = [small[0], large, small[1]].join("\n\n");
    const thread = threadOf([seg("alice", 0, text)]);
    const maxTokens = 80;
    expect(tokenizer.countTokens(large)).toBeGreaterThan(maxTokens);
    const chunks = chunkThread(thread, { maxTokens, tokenizer });
    expectWellFormed(thread, chunks, maxTokens);
    const pieces = chunks.flatMap((c) => c.parts.map((p) => p.text));
    expect(pieces.length).toBeGreaterThan(2);
    // Small paragraphs stay whole; the large one is cut only after a sentence.
    for (const s of small) expect(pieces.some((p) => p.includes(s))).toBe(true);
    for (const piece of pieces) expect(piece).toMatch(/\.$/);
    for (const piece of pieces) expect(piece).toMatch(/^(First|Second|The) /);
  });

  it("cuts a sentence larger than the budget at words, never inside one", () => {
    const text = Array.from({ length: 300 }, (_, i) => `word${i}`).join(" ");
    const thread = threadOf([seg("alice", 0, text)]);
    const chunks = chunkThread(thread, { maxTokens: 60, tokenizer });
    expect(chunks.length).toBeGreaterThan(5);
    expectWellFormed(thread, chunks, 60);
  });

  it("counts chunks from their parts exactly, whatever the text on either side of a seam", () => {
    // Parts and lines ending in punctuation (merged with the blank line or line break after them),
    // starting with a space or a `/` (merged with the header line), or with no boundary at all.
    const lines = ["Done.", "  indented, with spaces", "/usr/lib path", "a+b=", "/", "word", "?!", "= = =", "x/y/z"];
    const text = Array.from({ length: 400 }, (_, i) => lines[i % lines.length]).join("\n");
    const thread = threadOf([seg("alice", 0, text), seg("bob", 1, "/\n/\n".repeat(300)), seg("alice", 0, "Ok.")]);
    for (const maxTokens of [40, 150, 600]) {
      for (const model of ["gpt-4o", "gpt-4"]) {
        const chunks = chunkThread(thread, { maxTokens, tokenizer: tokenizerFor(model) });
        for (const chunk of chunks) expect(chunk.tokens).toBe(tokenizerFor(model).countTokens(chunk.text));
      }
      expectWellFormed(thread, chunkThread(thread, { maxTokens, tokenizer }), maxTokens);
    }
  });

  it("marks repeated and trimmed quotes as context, first appearances as content", () => {
    const original = "Locks are taken in order A then B.\nThe reset path takes B first, which deadlocks.";
    const unseen = "This text was never posted to the thread itself.";
    const thread = threadOf([
      seg("alice", 0, `${original}\n\nSo we need to reorder the reset path.`, 0),
      seg(null, 1, "Alice wrote:", 1, "attribution"),
      seg("alice", 1, "locks are taken in order a then b\nthe reset path takes B first -- which deadlocks", 1),
      seg("bob", 0, "Reordering breaks suspend, though.", 1),
      seg(null, 2, "Alice wrote:", 2, "attribution"),
      seg("alice", 2, "The reset path takes B first, which deadlocks.", 2),
      seg("bob", 1, "Reordering breaks suspend, though.", 2),
      seg("carol", 1, unseen, 2),
      seg("carol", 0, "Agreed.", 2),
      seg("dave", 0, "Agreed.", 3),
    ]);
    const chunks = chunkThread(thread, { maxTokens: 1000, tokenizer });
    const kinds = chunks.flatMap((c) => c.parts.map((p) => [p.kind, p.text.split("\n")[0]]));
    expect(kinds).toEqual([
      ["content", "Locks are taken in order A then B."],
      ["context", "locks are taken in order a then b"],
      ["content", "Reordering breaks suspend, though."],
      ["context", "The reset path takes B first, which deadlocks."],
      ["context", "Reordering breaks suspend, though."],
      ["content", unseen],
      ["content", "Agreed."],
      ["content", "Agreed."],
    ]);
    expectWellFormed(thread, chunks, 1000);
  });

  it("is deterministic and rejects budgets that cannot hold a header", () => {
    const thread = threadOf(exchange(0, "alice", "bob", "x"));
    const options = { maxTokens: 50, tokenizer };
    expect(chunkThread(thread, options)).toEqual(chunkThread(thread, options));
    expect(() => chunkThread(thread, { maxTokens: 3, tokenizer })).toThrow(RangeError);
    expect(() => chunkThread(thread, { maxTokens: 0, tokenizer })).toThrow(RangeError);
  });
});

describe("chunkThread properties", () => {
  const vocabulary = "patch queue lock reset we should not merge this because it breaks suspend tests".split(" ");
  const sentenceArb = fc
    .array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 14 })
    .chain((ws) => fc.constantFrom(".", "?", "!").map((end) => `${ws.join(" ")}${end}`));
  const paragraphArb = fc.array(sentenceArb, { minLength: 1, maxLength: 5 }).map((ss) => ss.join(" "));
  const turnArb = fc.record({
    speaker: fc.constantFrom("alice", "bob", "carol", "dave"),
    depth: fc.integer({ min: 0, max: 3 }),
    paragraphs: fc.array(fc.oneof(paragraphArb, fc.nat()), { minLength: 1, maxLength: 4 }),
    attribution: fc.boolean(),
    signature: fc.boolean(),
  });
  const messagesArb = fc.array(fc.array(turnArb, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 });
  const threadArb = messagesArb.map((messages) => {
    // Numbers stand for an earlier paragraph quoted again, so repeats are common.
    const seen: string[] = [];
    const segments = messages.flatMap((turns, message) =>
      turns.flatMap((turn) => {
        const texts = turn.paragraphs.map((p) =>
          typeof p === "number" ? (seen[p % Math.max(1, seen.length)] ?? "fresh words.") : p,
        );
        seen.push(...texts);
        const attribution = seg(null, turn.depth, `${turn.speaker} wrote:`, message, "attribution");
        const signature = seg(turn.speaker, turn.depth, `-- \n${turn.speaker}`, message, "signature");
        return [
          ...(turn.attribution ? [attribution] : []),
          seg(turn.speaker, turn.depth, texts.join("\n\n"), message),
          ...(turn.signature ? [signature] : []),
        ];
      }),
    );
    return threadOf(segments);
  });

  it("keeps every chunk within budget, every content word exactly once, in thread order", () => {
    fc.assert(
      fc.property(threadArb, fc.integer({ min: 40, max: 600 }), (thread, maxTokens) => {
        const chunks = chunkThread(thread, { maxTokens, tokenizer });
        expectWellFormed(thread, chunks, maxTokens);
        // A turn, or a reply and what it answers, is cut apart only when too large to keep together.
        const names = speakerNames(thread.speakers);
        const partsOf = (pred: (turn: number) => boolean): string =>
          renderParts(chunks.flatMap((c) => c.parts.filter((p) => pred(p.turn))), names);
        const where = chunksByTurn(chunks);
        for (const [turn, at] of where) {
          if (at.size === 1) continue;
          expect(tokenizer.countTokens(partsOf((t) => t === turn))).toBeGreaterThan(maxTokens);
        }
        for (const turn of thread.turns) {
          const [a, b] = [where.get(turn.id), where.get(turn.replies_to ?? -1)];
          if (a === undefined || b === undefined || [...a].some((i) => b.has(i))) continue;
          // The exchange they are in (a message, or an Outlook chain's messages, each answering the next).
          const at = thread.turns.indexOf(turn);
          const [start, end] = exchangeUnits(thread.turns).find(([lo, hi]) => lo <= at && at < hi) ?? [at, at + 1];
          const unit = thread.turns.slice(start, end).map((t) => t.id);
          expect(tokenizer.countTokens(partsOf((t) => unit.includes(t)))).toBeGreaterThan(maxTokens);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("chunkThread speed", () => {
  it("chunks a 10 MB thread of replies quoting replies in seconds", () => {
    const speakers = ["alice", "bob", "carol", "dave", "erin"];
    const segments: Segment[] = [];
    let previous: string[] = [];
    for (let m = 0, size = 0; size < 10_000_000; m++) {
      const [author, quoted] = [speakers[m % 5] ?? "alice", speakers[(m + 4) % 5] ?? "bob"];
      const answers = [0, 1, 2].map((q) => paragraph(`m${m}q${q}`, 4));
      answers.forEach((answer, q) => {
        const quote = previous[q] ?? paragraph("opening", 2);
        segments.push(
          seg(null, 1, `${quoted} wrote:`, m, "attribution"),
          seg(quoted, 1, quote, m),
          seg(author, 0, answer, m),
        );
        size += quote.length + answer.length;
      });
      segments.push(seg(author, 0, `-- \n${author}`, m, "signature"));
      previous = answers;
    }
    const thread = threadOf(segments);
    const started = performance.now();
    const chunks = chunkThread(thread, { maxTokens: 8000, tokenizer });
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(chunks.every((c) => c.tokens <= 8000)).toBe(true);
    expect(chunks.flatMap((c) => c.parts).filter((p) => p.kind === "context").length).toBeGreaterThan(10_000);
  });
});
