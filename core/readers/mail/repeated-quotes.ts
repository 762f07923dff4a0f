import type { Mention } from "../../thread/speakers.js";
import { isBlank, type LabelledLine } from "./lines.js";

/*
 * A quoted passage nothing named may be quoted again elsewhere in the paste under a writer who is
 * named: a reply that answers one paragraph at the top and keeps the whole message, attribution and
 * all, below it; a quote of a quote that repeats what a shallower level says. The same words are the
 * same writer's. On the dev lists (body-only pastes), of the unnamed passages whose opening words
 * stand in a named writer's text elsewhere, that writer wrote all 103 words; no such passage was
 * anybody else's. Named passages are left alone: where two named writers hold the same words, the
 * one already given is the right one more often (about 880 words against 430).
 */

/** How many words open a passage's probe: fewer match by chance (`Thanks for the patch, looks good to me`). */
const PROBE_WORDS = 8;

/**
 * One run of lines with one writer at one depth: the first and last of its lines (the lines with
 * words between them are all the run's), and for an unnamed run the opening words it is looked up by.
 */
interface Run {
  owner: Mention;
  first: number;
  last: number;
  /** An unnamed run's first {@link PROBE_WORDS} words (fewer when it has no more), as hashes. */
  probe: number[];
}

/** One distinct probe: its words' hashes, the unnamed runs that open with it, and the named writers holding it. */
interface Probe {
  words: number[];
  runs: Run[];
  holders: Set<Mention>;
}

const NOT_WORD = /[^\p{L}\p{N}]+/gu;
const SPACES = /\s+/u;

const isNamed = (m: Mention): boolean => m.names.length > 0 || m.emails.length > 0;

/** The form words are compared in: lower case, letters and digits only (quote markers and punctuation gone). */
function wordsOf(text: string, into: string[]): void {
  for (const raw of text.split(SPACES)) {
    const w = raw.toLowerCase().replace(NOT_WORD, "");
    if (w !== "") into.push(w);
  }
}

// The probes' first-word filter: 2^16 entries, so a paste's few hundred probes leave nearly all unset.
const OPENS_SIZE = 1 << 16;
const OPENS_MASK = OPENS_SIZE - 1;

/** FNV-1a over a compared word's UTF-16 units: words are matched by hash, 8 at a time. */
function hashWord(word: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME);
  return h;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/**
 * Adds the hashes of `text`'s compared words (those {@link wordsOf} gives) to `into`. Every quoted word
 * of a named passage is read this way, and splitting each into a new string was a fifth of a
 * multiline parse: an ASCII line is hashed in one pass with no strings made; any other goes the long way.
 */
function wordHashesOf(text: string, into: WordHashes, scratch: string[]): void {
  into.count = 0;
  let h = FNV_OFFSET;
  let empty = true;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 128) {
      scratch.length = 0;
      wordsOf(text, scratch);
      into.count = 0;
      for (const w of scratch) pushHash(into, hashWord(w));
      return;
    }
    if (c === 32 || (c >= 9 && c <= 13)) {
      if (!empty) pushHash(into, h);
      h = FNV_OFFSET;
      empty = true;
      continue;
    }
    if (c >= 65 && c <= 90) c += 32;
    else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57))) continue;
    h = Math.imul(h ^ c, FNV_PRIME);
    empty = false;
  }
  if (!empty) pushHash(into, h);
}

/**
 * One line's word hashes, reused from line to line. Typed: most hashes are outside the small-integer
 * range, and a plain array handing them out boxed one number per word was most of this step's garbage.
 */
interface WordHashes {
  hashes: Int32Array;
  count: number;
}

function pushHash(into: WordHashes, h: number): void {
  if (into.count === into.hashes.length) {
    const grown = new Int32Array(into.hashes.length * 2);
    grown.set(into.hashes);
    into.hashes = grown;
  }
  into.hashes[into.count++] = h;
}

/**
 * The runs of quoted content lines by one writer at one depth; blank lines do not break a run. Only
 * an unnamed run's opening words are kept: holding every quoted word of a 10 MB paste at once (as
 * this did) was its largest heap at the end of labelling, about 28 MB, and a named run's words are
 * read once, as they go by (see {@link nameRepeatedQuotes}).
 */
function contentRuns(lines: readonly LabelledLine[]): Run[] {
  const runs: Run[] = [];
  let current: Run | null = null;
  let depth = -1;
  // A probe's words are hashed as a named run's are, in one pass with no strings made: split into
  // words first, the unnamed runs' opening lines were a quarter of this step.
  const lineWords: WordHashes = { hashes: new Int32Array(64), count: 0 };
  const scratch: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === undefined) break;
    if (isBlank(line.text)) continue;
    if (line.role !== "content" || line.owner === null || line.depth === 0) {
      current = null;
      continue;
    }
    if (current === null || current.owner !== line.owner || depth !== line.depth) {
      current = { owner: line.owner, first: i, last: i, probe: [] };
      depth = line.depth;
      runs.push(current);
    }
    current.last = i;
    if (!isNamed(current.owner) && current.probe.length < PROBE_WORDS) {
      wordHashesOf(line.text, lineWords, scratch);
      for (let w = 0; w < lineWords.count && current.probe.length < PROBE_WORDS; w++) current.probe.push(lineWords.hashes[w] ?? 0);
    }
  }
  return runs;
}

/**
 * Gives each unnamed quoted passage (a placeholder writer, `unknown (quoted at depth N)`) whose
 * opening words a named writer's quoted passage elsewhere in the paste holds to that writer, when
 * exactly one person's passages hold them.
 */
export function nameRepeatedQuotes(lines: LabelledLine[]): void {
  const runs = contentRuns(lines);
  // The unnamed passages' probes, one entry per distinct probe (a paste that repeats one passage many
  // times must not compare it as often), looked up by their first word.
  const byProbe = new Map<string, Probe>();
  const probes = new Map<number, Probe[]>();
  for (const run of runs) {
    if (isNamed(run.owner) || run.probe.length < PROBE_WORDS) continue;
    const key = run.probe.join(" ");
    let probe = byProbe.get(key);
    if (probe === undefined) {
      probe = { words: run.probe, runs: [], holders: new Set() };
      byProbe.set(key, probe);
      const first = run.probe[0] ?? 0;
      const list = probes.get(first);
      if (list === undefined) probes.set(first, [probe]);
      else list.push(probe);
    }
    probe.runs.push(run);
  }
  if (probes.size === 0) return;
  // The probes' first words as bits (by a hash's low bits): most words of named runs open no probe,
  // and one bit read rules them out before the map is asked.
  const opens = new Uint8Array(OPENS_SIZE);
  for (const first of probes.keys()) opens[first & OPENS_MASK] = 1;
  // A named run's last PROBE_WORDS words, in a ring (word n at n % PROBE_WORDS), and one line's words.
  const window = new Int32Array(PROBE_WORDS);
  const lineWords: WordHashes = { hashes: new Int32Array(64), count: 0 };
  const scratch: string[] = [];
  for (const named of runs) {
    if (!isNamed(named.owner)) continue;
    let n = 0;
    for (let i = named.first; i <= named.last; i++) {
      const text = lines[i]?.text ?? "";
      if (isBlank(text)) continue;
      wordHashesOf(text, lineWords, scratch);
      const { hashes, count } = lineWords;
      for (let w = 0; w < count; w++) {
        window[n % PROBE_WORDS] = hashes[w] ?? 0;
        n++;
        // The window holds the run's words from s on: are they an unnamed passage's opening?
        const s = n - PROBE_WORDS;
        if (s < 0) continue;
        const opening = window[s % PROBE_WORDS] ?? 0;
        if (opens[opening & OPENS_MASK] === 0) continue;
        const candidates = probes.get(opening);
        if (candidates === undefined) continue;
        for (const probe of candidates) {
          let k = 1;
          while (k < PROBE_WORDS && probe.words[k] === window[(s + k) % PROBE_WORDS]) k++;
          if (k === PROBE_WORDS) probe.holders.add(named.owner);
        }
      }
    }
  }
  for (const probe of byProbe.values()) {
    if (probe.holders.size !== 1) continue;
    const [owner] = probe.holders;
    if (owner === undefined) continue;
    for (const run of probe.runs) {
      for (let i = run.first; i <= run.last; i++) {
        const line = lines[i];
        if (line !== undefined && !isBlank(line.text)) line.owner = owner;
      }
    }
  }
}
