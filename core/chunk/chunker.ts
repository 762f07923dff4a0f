import type { Thread, Turn } from "../thread/model.js";
import { CHUNK_MODEL_VERSION, PART_SEPARATOR, renderPart, renderParts, speakerNames } from "./model.js";
import type { Chunk, ChunkPart, PartKind } from "./model.js";
import type { Tokenizer } from "./tokenizer.js";

export interface ChunkOptions {
  /** Upper bound on every chunk's `tokens`. */
  maxTokens: number;
  tokenizer: Tokenizer;
}

/**
 * Cuts a thread into chunks of at most `maxTokens` tokens each, in thread order. A reply stays
 * in one chunk with the quote it answers; only such an exchange too large for any chunk is cut,
 * and a turn too large for one chunk is cut at paragraphs, then sentences, then words. Only
 * `content` segments are sent; text an earlier part already carried is marked `context`.
 *
 * @throws RangeError when `maxTokens` cannot hold a part header and one character.
 */
export function chunkThread(thread: Thread, options: ChunkOptions): Chunk[] {
  const { maxTokens, tokenizer } = options;
  if (!Number.isInteger(maxTokens) || maxTokens < 1) {
    throw new RangeError(`maxTokens must be a positive integer, got ${maxTokens}`);
  }
  const budget: Budget = {
    max: maxTokens,
    tokenizer,
    names: speakerNames(thread.speakers),
    separator: tokenizer.countTokens(PART_SEPARATOR),
  };
  const parts = turnParts(thread);
  const items = exchangeUnits(thread.turns).flatMap(([start, end]) =>
    unitItems(parts.slice(start, end), budget),
  );
  return pack(items, budget);
}

// --- Which paragraphs are new: content the first time, context when repeated. ---

const PARAGRAPH_BREAK = /\n(?:[ \t]*\n)+/g;
const SENTENCE_BREAK = /(?<=[.!?…]['"’”)\]]*)\s+|\s*\n\s*/gu;
const WORD_BREAK = /\s+/g;
/** Paragraphs of one part are joined the way a blank line separates them in mail. */
const PARAGRAPH_JOIN = "\n\n";

/** Sentences and lines shorter than this are too common to prove a quote repeats anything. */
const MIN_PIECE_WORDS = 4;
/** Earlier paragraphs remembered per sentence or line; bounds the work for stock phrases. */
const MAX_CANDIDATES = 4;

function paragraphs(text: string): string[] {
  return text
    .split(PARAGRAPH_BREAK)
    .map((p) => p.replace(/^(?:[ \t]*\n)+/, "").trimEnd())
    .filter((p) => p.trim() !== "");
}

function normalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]+/gu, "")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Normalised sentences and lines of a paragraph. A trimmed quote keeps whole sentences when
 * cut at sentence ends and whole lines when cut at line ends, so one of them matches the
 * paragraph it was cut from.
 */
function pieceKeys(paragraph: string): Set<string> {
  const keys = new Set<string>();
  for (const piece of [...paragraph.split(SENTENCE_BREAK), ...paragraph.split("\n")]) {
    const key = normalise(piece);
    if (key.split(" ").length >= MIN_PIECE_WORDS) keys.add(key);
  }
  return keys;
}

/** Remembers paragraphs in thread order to tell first appearances from repeats. */
class Repeats {
  private readonly first = new Map<string, { speaker: string | null; depth: number }>();
  /** Normalised content paragraphs, space-padded so containment respects word edges. */
  private readonly content: string[] = [];
  private readonly byPiece = new Map<string, number[]>();

  kindOf(paragraph: string, speaker: string | null, depth: number): PartKind {
    const norm = normalise(paragraph);
    if (norm === "") return "content";
    const earlier = this.first.get(norm);
    if (earlier !== undefined) {
      // Two people may both write "Agreed."; a repeat is a quote, or the same words pasted again.
      const repeat = depth > 0 || earlier.depth > 0 || (speaker !== null && speaker === earlier.speaker);
      return repeat ? "context" : "content";
    }
    this.first.set(norm, { speaker, depth });
    const keys = pieceKeys(paragraph);
    if (depth > 0 && this.contained(` ${norm} `, keys)) return "context";
    const id = this.content.push(` ${norm} `) - 1;
    for (const key of keys) {
      const ids = this.byPiece.get(key);
      if (ids === undefined) this.byPiece.set(key, [id]);
      else if (ids.length < MAX_CANDIDATES) ids.push(id);
    }
    return "content";
  }

  private contained(padded: string, keys: Set<string>): boolean {
    const tried = new Set<number>();
    for (const key of keys) {
      for (const id of this.byPiece.get(key) ?? []) {
        if (tried.has(id)) continue;
        tried.add(id);
        if (this.content[id]?.includes(padded)) return true;
      }
    }
    return false;
  }
}

/** The sendable parts of every turn, by turn position; consecutive paragraphs of one kind share a part. */
function turnParts(thread: Thread): ChunkPart[][] {
  const repeats = new Repeats();
  return thread.turns.map((turn) => {
    const parts: ChunkPart[] = [];
    const [start, end] = turn.segments;
    for (const segment of thread.segments.slice(start, end)) {
      if (segment.role !== "content") continue;
      for (const paragraph of paragraphs(segment.text)) {
        const kind = repeats.kindOf(paragraph, turn.speaker, turn.depth);
        const last = parts.at(-1);
        if (last?.kind === kind) last.text += PARAGRAPH_JOIN + paragraph;
        else parts.push({ turn: turn.id, speaker: turn.speaker, depth: turn.depth, kind, text: paragraph });
      }
    }
    return parts;
  });
}

// --- Exchanges: the turn ranges that must not be cut. ---

/**
 * Half-open ranges of turn positions, in order and covering every turn. A turn is joined with
 * the turn it answers (`replies_to`, above or below it) and with the run of deeper quote turns
 * right above it, whatever their speaker.
 */
function exchangeUnits(turns: readonly Turn[]): [number, number][] {
  const position = new Map(turns.map((turn, i) => [turn.id, i]));
  // Difference array: a positive running sum at i means the cut after turn i is inside an exchange.
  const open = new Array<number>(turns.length + 1).fill(0);
  const join = (a: number, b: number): void => {
    const [lo, hi] = a < b ? [a, b] : [b, a];
    open[lo] = (open[lo] ?? 0) + 1;
    open[hi] = (open[hi] ?? 0) - 1;
  };
  // Earlier turns of this message not deeper than any turn after them (a monotonic stack).
  const shallower: { at: number; depth: number }[] = [];
  let messageStart = 0;
  turns.forEach((turn, i) => {
    if (turns[i - 1]?.message !== turn.message) {
      shallower.length = 0;
      messageStart = i;
    }
    while ((shallower.at(-1)?.depth ?? -1) > turn.depth) shallower.pop();
    const above = shallower.at(-1);
    join(above === undefined ? messageStart : above.at + 1, i);
    const answered = turn.replies_to === null ? undefined : position.get(turn.replies_to);
    if (answered !== undefined) join(answered, i);
    shallower.push({ at: i, depth: turn.depth });
  });
  const units: [number, number][] = [];
  let start = 0;
  let inside = 0;
  turns.forEach((_, i) => {
    inside += open[i] ?? 0;
    if (inside > 0) return;
    units.push([start, i + 1]);
    start = i + 1;
  });
  return units;
}

// --- Packing exchanges into chunks. ---

interface Budget {
  max: number;
  tokenizer: Tokenizer;
  names: ReadonlyMap<string, string>;
  /** Tokens of the separator between rendered parts. */
  separator: number;
}

/** A part with the exact token count of its rendering alone. */
interface Block {
  part: ChunkPart;
  tokens: number;
}

/** What the packer places whole: an exchange, or else one of its turns, or else a piece of a turn. */
interface Item {
  blocks: Block[];
  /** Tokens of the rendered blocks: their sum plus separators, or the exact count near the budget. */
  tokens: number;
  /** Starts a new chunk, so a cut exchange at least starts together with what it quotes. */
  fresh: boolean;
}

const toBlock = (part: ChunkPart, budget: Budget): Block => ({
  part,
  tokens: budget.tokenizer.countTokens(renderPart(part, budget.names)),
});

function itemOf(blocks: Block[], budget: Budget): Item {
  let tokens = blocks.reduce((sum, b) => sum + b.tokens, 0) + budget.separator * (blocks.length - 1);
  // Joined parts merge a few tokens at their seams, so a sum just over budget may still fit,
  // and an exchange or turn that fits must not be cut.
  if (tokens > budget.max && tokens <= 2 * budget.max) {
    tokens = budget.tokenizer.countTokens(renderParts(blocks.map((b) => b.part), budget.names));
  }
  return { blocks, tokens, fresh: false };
}

const single = (block: Block): Item => ({ blocks: [block], tokens: block.tokens, fresh: false });

/**
 * The items of one exchange, given its turns' parts: the whole exchange when it fits; else each
 * turn whole where it fits, else that turn's parts, cutting any part too large on its own.
 */
function unitItems(turns: readonly ChunkPart[][], budget: Budget): Item[] {
  const blocks = turns
    .filter((parts) => parts.length > 0)
    .map((parts) => parts.map((p) => toBlock(p, budget)));
  if (blocks.length === 0) return [];
  const whole = itemOf(blocks.flat(), budget);
  if (whole.tokens <= budget.max) return [whole];
  const items = blocks.flatMap((turn) => {
    const item = itemOf(turn, budget);
    if (item.tokens <= budget.max) return [item];
    return turn.flatMap((b) => (b.tokens <= budget.max ? [b] : splitPart(b.part, budget))).map(single);
  });
  // A cut exchange still starts a chunk together with the quote that opens it.
  return items.map((item, i) => ({ ...item, fresh: i === 0 }));
}

/**
 * Greedily fills chunks with items in order. Sums of per-part counts only estimate a chunk's
 * tokens, because BPE merges across part boundaries, so each chunk is counted once rendered
 * and gives items back to the next chunk while it is over budget.
 */
function pack(items: Item[], budget: Budget): Chunk[] {
  const chunks: Chunk[] = [];
  const queue = items.reverse();
  let open: Item[] = [];
  let estimate = 0;
  const close = (): void => {
    while (open.length > 0) {
      const parts = open.flatMap((item) => item.blocks.map((b) => b.part));
      const text = renderParts(parts, budget.names);
      const tokens = budget.tokenizer.countTokens(text);
      if (tokens <= budget.max) {
        const turns = [...new Set(parts.map((p) => p.turn))];
        chunks.push({ version: CHUNK_MODEL_VERSION, index: chunks.length, tokens, turns, parts, text });
        break;
      }
      // A lone block is counted exactly and fits, so this always ends.
      const last = open.pop();
      if (last === undefined) break;
      const back = open.length > 0 ? [last] : last.blocks.map(single);
      queue.push(...back.reverse());
    }
    open = [];
    estimate = 0;
  };
  for (let item = queue.pop(); item !== undefined; item = queue.pop()) {
    const joined = estimate + budget.separator + item.tokens;
    if (open.length > 0 && (item.fresh || joined > budget.max)) {
      queue.push(item);
      close();
      continue;
    }
    estimate = open.length === 0 ? item.tokens : joined;
    open.push(item);
  }
  close();
  return chunks;
}

// --- Cutting a part too large for one chunk. ---

type Span = [number, number];

/** Coarsest first; after words only a hard cut is left. */
const LEVELS = [PARAGRAPH_BREAK, SENTENCE_BREAK, WORD_BREAK];

function spans(text: string, separator: RegExp): Span[] {
  const out: Span[] = [];
  let start = 0;
  for (const match of text.matchAll(separator)) {
    if (match.index > start) out.push([start, match.index]);
    start = match.index + match[0].length;
  }
  if (text.length > start) out.push([start, text.length]);
  return out;
}

/** Cuts one part into blocks that each fit the budget, keeping its text's own line breaks. */
function splitPart(part: ChunkPart, budget: Budget): Block[] {
  const count = (text: string): number => budget.tokenizer.countTokens(text);
  const header = count(renderPart({ ...part, text: "" }, budget.names));
  if (header >= budget.max) {
    throw new RangeError(`maxTokens ${budget.max} cannot hold the header of turn ${part.turn}`);
  }
  const fitting = (text: string): Block | undefined => {
    const block = toBlock({ ...part, text }, budget);
    return block.tokens <= budget.max ? block : undefined;
  };

  const split = (text: string, level: number): Block[] => {
    const separator = LEVELS[level];
    if (separator === undefined) return hardCut(text);
    const units = spans(text, separator);
    const [only] = units;
    // Callers pass text that does not fit; with nothing to cut at this level, go finer.
    if (units.length === 1 && only !== undefined) return split(text.slice(only[0], only[1]), level + 1);
    const out: Block[] = [];
    // Verifies a run of spans once rendered, halving it when the estimate was optimistic.
    const emit = (run: Span[]): void => {
      const [first, last] = [run[0], run.at(-1)];
      if (first === undefined || last === undefined) return;
      const piece = text.slice(first[0], last[1]);
      const block = fitting(piece);
      if (block !== undefined) out.push(block);
      else if (run.length === 1) out.push(...split(piece, level + 1));
      else {
        emit(run.slice(0, run.length >> 1));
        emit(run.slice(run.length >> 1));
      }
    };
    let run: Span[] = [];
    let estimate = 0;
    let previousEnd = 0;
    for (const span of units) {
      // Counted with the separator before it, a span adds about what it adds to the joined text.
      const added = count(text.slice(previousEnd, span[1]));
      previousEnd = span[1];
      if (run.length > 0 && estimate + added <= budget.max) {
        run.push(span);
        estimate += added;
        continue;
      }
      emit(run);
      run = [];
      const alone = header + count(text.slice(span[0], span[1]));
      if (alone <= budget.max) {
        run.push(span);
        estimate = alone;
      } else out.push(...split(text.slice(span[0], span[1]), level + 1));
    }
    emit(run);
    return out;
  };

  // A "word" larger than a whole chunk is a blob (base64, a minified line): cut it by characters.
  const hardCut = (text: string): Block[] => {
    const chars = Array.from(text);
    const out: Block[] = [];
    for (let at = 0, size = (budget.max - header) * 4; at < chars.length; ) {
      size = Math.min(size, chars.length - at);
      const block = toBlock({ ...part, text: chars.slice(at, at + size).join("") }, budget);
      if (block.tokens <= budget.max) {
        out.push(block);
        at += size;
      } else if (size === 1) {
        throw new RangeError(`maxTokens ${budget.max} cannot hold one character of turn ${part.turn}`);
      } else {
        // Token density is about even along a blob, so scaling by the overshoot lands close.
        const scaled = Math.floor(((size * (budget.max - header)) / (block.tokens - header)) * 0.95);
        size = Math.max(1, Math.min(size - 1, scaled));
      }
    }
    return out;
  };

  return split(part.text, 0);
}
