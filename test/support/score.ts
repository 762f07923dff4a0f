import { z } from "zod";
import { RoleSchema, THREAD_MODEL_VERSION } from "../../core/thread/model.js";
import type { Role, Segment, Speaker, Thread } from "../../core/thread/model.js";
import { buildTurns } from "../../core/thread/turns.js";

/**
 * Word-level scoring of a parsed thread against a gold attribution.
 *
 * Both sides are reduced to whitespace-separated words with pure quote markers (`>`, `>>`, ...)
 * dropped, because the parser may keep or strip markers but must keep every other word.
 */

/** Who wrote a word, at which quote depth, in which role. */
export interface Attribution {
  /** Full name; null for ownerless text such as attribution lines. */
  speakerName: string | null;
  /** Optional address of the speaker; lets a parser that only found the address still match. */
  speakerEmail?: string | null;
  depth: number;
  role: Role;
}

/** One gold word. */
export interface GoldToken extends Attribution {
  word: string;
  /**
   * An equally defensible reading, accepted in place of the main one: where the text itself
   * cannot decide (e.g. where a quoted line ended, once a paste lost its newlines).
   */
  alt?: Attribution;
}

/** On-disk gold shape, e.g. `examples/lkml-accel-flattened.gold.json`. */
export const GoldFileSchema = z.object({
  speakers: z.record(z.string(), z.object({ name: z.string(), email: z.string().nullable().optional() })),
  tokens: z.array(z.tuple([z.string(), z.string().nullable(), z.number().int().min(0), RoleSchema])),
});
export type GoldFile = z.infer<typeof GoldFileSchema>;

/** Normalises either gold shape to a token list; throws on a token naming an undeclared speaker key. */
export function goldTokens(gold: GoldFile | readonly GoldToken[]): GoldToken[] {
  if (Array.isArray(gold)) return [...(gold as readonly GoldToken[])];
  const file = GoldFileSchema.parse(gold);
  return file.tokens.map(([word, key, depth, role]) => {
    if (key === null) return { word, speakerName: null, speakerEmail: null, depth, role };
    const speaker = file.speakers[key];
    if (speaker === undefined) throw new Error(`gold token "${word}" names unknown speaker key "${key}"`);
    // The example gold writes "" for an unknown address.
    return { word, speakerName: speaker.name, speakerEmail: speaker.email || null, depth, role };
  });
}

/** True for a token made only of quote markers, which neither side is required to keep. */
export function isQuoteMarker(token: string): boolean {
  return /^>+$/.test(token);
}

/** The words of a text as scored: whitespace-split, quote markers dropped. */
export function scoredWords(text: string): string[] {
  return text.split(/\s+/).filter((w) => w !== "" && !isQuoteMarker(w));
}

/** One word of parser output with the segment it came from. */
export interface OutputWord {
  word: string;
  speaker: Speaker | null;
  depth: number;
  role: Role;
  segment: number;
}

/** Flattens a thread to its scored words, resolving each segment's speaker id through `thread.speakers`. */
export function threadWords(thread: Thread): OutputWord[] {
  const byId = new Map(thread.speakers.map((s) => [s.id, s]));
  const out: OutputWord[] = [];
  thread.segments.forEach((seg, segment) => {
    const speaker = seg.speaker === null ? null : (byId.get(seg.speaker) ?? null);
    for (const word of scoredWords(seg.text)) out.push({ word, speaker, depth: seg.depth, role: seg.role, segment });
  });
  return out;
}

const nameTokens = (name: string): string[] =>
  name
    .toLowerCase()
    .replace(/["']/g, "")
    .split(/\s+/)
    .filter((t) => t !== "");

/**
 * Whether a parsed speaker is the gold speaker. Accepts the exact name (case-insensitive), any
 * alias, the same address, or a name that is a word-prefix of the other: a top-level author who
 * only signed `Thanks, Alice` can only be known as `Alice`, and a parser may also have found the
 * full name elsewhere. Placeholder speakers (`known: false`) never match.
 */
export function speakerMatches(speaker: Speaker | null, goldName: string | null, goldEmail?: string | null): boolean {
  if (speaker === null || goldName === null) return speaker === null && goldName === null;
  if (!speaker.known) return false;
  if (goldEmail && speaker.email && goldEmail.toLowerCase() === speaker.email.toLowerCase()) return true;
  const gold = nameTokens(goldName);
  for (const candidate of [speaker.name, ...speaker.aliases]) {
    const got = nameTokens(candidate);
    const [short, long] = got.length <= gold.length ? [got, gold] : [gold, got];
    if (short.length > 0 && short.every((t, i) => t === long[i])) return true;
  }
  return false;
}

/** Above this many edits the exact alignment's trace gets too large; a greedy resync is used instead. */
const MAX_EXACT_EDITS = 2000;

/**
 * Pairs of indexes `[goldIndex, outputIndex]` of equal words, in order: a longest common
 * subsequence (Myers diff) when the sequences differ by at most a few thousand edits, else a
 * greedy resynchronising walk. Identical sequences cost O(n).
 */
export function alignWords(gold: readonly string[], out: readonly string[]): Array<[number, number]> {
  let head = 0;
  while (head < gold.length && head < out.length && gold[head] === out[head]) head++;
  let endG = gold.length;
  let endO = out.length;
  while (endG > head && endO > head && gold[endG - 1] === out[endO - 1]) {
    endG--;
    endO--;
  }
  const pairs: Array<[number, number]> = [];
  for (let i = 0; i < head; i++) pairs.push([i, i]);
  const a = gold.slice(head, endG);
  const b = out.slice(head, endO);
  const middle = myers(a, b) ?? greedy(a, b);
  for (const [i, j] of middle) pairs.push([i + head, j + head]);
  for (let i = endG, j = endO; i < gold.length; i++, j++) pairs.push([i, j]);
  return pairs;
}

function myers(a: readonly string[], b: readonly string[]): Array<[number, number]> | null {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  const vAt = (k: number): number => v[off + k] ?? 0;
  // snaps[d][k + d] is the furthest x reached on diagonal k after d edits.
  const snaps: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= Math.min(max, MAX_EXACT_EDITS) && found < 0; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && vAt(k - 1) < vAt(k + 1)) ? vAt(k + 1) : vAt(k - 1) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[off + k] = x;
      if (x >= n && y >= m) found = d;
    }
    snaps.push(v.slice(off - d, off + d + 1));
  }
  if (found < 0) return null;
  const pairs: Array<[number, number]> = [];
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const prev = snaps[d - 1];
    const at = (k: number): number => prev?.[k + d - 1] ?? 0;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) pairs.push([--x, --y]);
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) pairs.push([--x, --y]);
  return pairs.reverse();
}

/** Walks both sequences; on a mismatch, skips to the nearest pair of positions where they agree again. */
function greedy(a: readonly string[], b: readonly string[]): Array<[number, number]> {
  const window = 64;
  const pairs: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      pairs.push([i++, j++]);
      continue;
    }
    let best: [number, number] | null = null;
    for (let s = 1; s <= 2 * window && best === null; s++) {
      for (let di = 0; di <= s; di++) {
        const ii = i + di;
        const jj = j + s - di;
        if (ii < a.length && jj < b.length && a[ii] === b[jj]) {
          best = [ii, jj];
          break;
        }
      }
    }
    if (best === null) {
      i++;
      j++;
    } else [i, j] = best;
  }
  return pairs;
}

/** One disagreement, for failure messages. */
export interface WordMistake {
  /** missing: no aligned output word; speaker/role: a content word misattributed; leak: non-content labelled content. */
  kind: "missing" | "speaker" | "role" | "leak";
  index: number;
  word: string;
  expected: string;
  got: string;
}

/** Result of {@link scoreAgainstGold}. Rates are over gold words; unmatched gold words count as wrong. */
export interface Score {
  goldWords: number;
  outputWords: number;
  wordsMatched: number;
  /** Output words equal the gold words exactly, in order: nothing lost, duplicated or altered. */
  exactWords: boolean;
  contentWords: number;
  /** Gold content words the parser labelled `content` and gave to the right speaker. */
  contentCorrect: number;
  contentAccuracy: number;
  /** Gold content words given to the right speaker whatever their role. */
  speakerAccuracy: number;
  nonContentWords: number;
  /** Gold attribution/signature/... words the parser labelled `content`. */
  leaks: number;
  leakRate: number;
  depthAgreement: number;
  roleAgreement: number;
  /** The first few disagreements (at most 20). */
  mistakes: WordMistake[];
}

const agrees = (w: OutputWord, a: Attribution): boolean =>
  w.role === a.role && w.depth === a.depth && speakerMatches(w.speaker, a.speakerName, a.speakerEmail);
const describeGold = (t: Attribution): string => `${t.role}/${t.depth}/${t.speakerName ?? "-"}`;
const describeOut = (w: OutputWord | undefined): string =>
  w === undefined ? "(missing)" : `${w.role}/${w.depth}/${w.speaker?.name ?? "-"}`;

/**
 * Scores a parsed thread against gold words: aligns the two word sequences in order, then
 * counts, per gold word, speaker, role and depth agreement.
 */
export function scoreAgainstGold(thread: Thread, gold: GoldFile | readonly GoldToken[]): Score {
  const tokens = goldTokens(gold);
  const out = threadWords(thread);
  const goldWords = tokens.map((t) => t.word);
  const outWords = out.map((w) => w.word);
  const exactWords = goldWords.length === outWords.length && goldWords.every((w, i) => w === outWords[i]);
  const matched = new Array<OutputWord | undefined>(tokens.length);
  for (const [g, o] of alignWords(goldWords, outWords)) matched[g] = out[o];

  let contentWords = 0;
  let contentCorrect = 0;
  let speakerRight = 0;
  let nonContentWords = 0;
  let leaks = 0;
  let depthSame = 0;
  let roleSame = 0;
  const mistakes: WordMistake[] = [];
  tokens.forEach((gold, index) => {
    const w = matched[index];
    // Score against the alternative reading when it is the one the parser chose.
    const t = gold.alt !== undefined && w !== undefined && agrees(w, gold.alt) && !agrees(w, gold) ? { ...gold, ...gold.alt } : gold;
    const speakerOk = w !== undefined && speakerMatches(w.speaker, t.speakerName, t.speakerEmail);
    if (w?.depth === t.depth) depthSame++;
    if (w?.role === t.role) roleSame++;
    let kind: WordMistake["kind"] | null = w === undefined ? "missing" : null;
    if (t.role === "content") {
      contentWords++;
      if (speakerOk) speakerRight++;
      if (speakerOk && w?.role === "content") contentCorrect++;
      else kind ??= speakerOk ? "role" : "speaker";
    } else {
      nonContentWords++;
      if (w?.role === "content") {
        leaks++;
        kind = "leak";
      }
    }
    if (kind !== null && mistakes.length < 20) mistakes.push({ kind, index, word: t.word, expected: describeGold(t) + (gold.alt ? ` or ${describeGold(gold.alt)}` : ""), got: describeOut(w) });
  });
  const rate = (n: number, of: number, empty: number): number => (of === 0 ? empty : n / of);
  return {
    goldWords: tokens.length,
    outputWords: out.length,
    wordsMatched: matched.filter((w) => w !== undefined).length,
    exactWords,
    contentWords,
    contentCorrect,
    contentAccuracy: rate(contentCorrect, contentWords, 1),
    speakerAccuracy: rate(speakerRight, contentWords, 1),
    nonContentWords,
    leaks,
    leakRate: rate(leaks, nonContentWords, 0),
    depthAgreement: rate(depthSame, tokens.length, 1),
    roleAgreement: rate(roleSame, tokens.length, 1),
    mistakes,
  };
}

/** Human-readable first divergence between gold and output words, or null when they are equal. */
export function wordDivergence(gold: readonly string[], out: readonly string[]): string | null {
  let i = 0;
  while (i < gold.length && i < out.length && gold[i] === out[i]) i++;
  if (i === gold.length && i === out.length) return null;
  const around = (ws: readonly string[]): string => ws.slice(Math.max(0, i - 3), i + 5).join(" ");
  return `words diverge at #${i} (gold ${gold.length}, output ${out.length}): gold "…${around(gold)}…" vs output "…${around(out)}…"`;
}

/**
 * A thread that attributes every gold word exactly as the gold says (one segment per run of
 * equal speaker/depth/role). Lets tests check the scorer and downstream stages against a perfect parse.
 */
export function goldToThread(gold: GoldFile | readonly GoldToken[]): Thread {
  const tokens = goldTokens(gold);
  const speakers: Speaker[] = [];
  const idOf = new Map<string, string>();
  const segments: Segment[] = [];
  for (const t of tokens) {
    let speaker: string | null = null;
    if (t.speakerName !== null) {
      speaker = idOf.get(t.speakerName) ?? `s${speakers.length + 1}`;
      if (!idOf.has(t.speakerName)) {
        idOf.set(t.speakerName, speaker);
        speakers.push({ id: speaker, name: t.speakerName, email: t.speakerEmail ?? null, aliases: [], known: true });
      }
    }
    const last = segments.at(-1);
    if (last !== undefined && last.speaker === speaker && last.depth === t.depth && last.role === t.role) {
      last.text += ` ${t.word}`;
    } else segments.push({ speaker, depth: t.depth, role: t.role, text: t.word, message: 0 });
  }
  return { version: THREAD_MODEL_VERSION, source: "gold", speakers, segments, turns: buildTurns(segments) };
}
