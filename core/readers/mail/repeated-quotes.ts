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
  /** An unnamed run's first {@link PROBE_WORDS} words (fewer when it has no more). */
  probe: string[];
}

const NOT_WORD = /[^\p{L}\p{N}]+/gu;

const isNamed = (m: Mention): boolean => m.names.length > 0 || m.emails.length > 0;

/** The form words are compared in: lower case, letters and digits only (quote markers and punctuation gone). */
function wordsOf(text: string, into: string[]): void {
  for (const raw of text.split(/\s+/u)) {
    const w = raw.toLowerCase().replace(NOT_WORD, "");
    if (w !== "") into.push(w);
  }
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
      wordsOf(line.text, current.probe);
      current.probe.length = Math.min(current.probe.length, PROBE_WORDS);
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
  // The probes of the unnamed passages, looked up by their first word.
  const probes = new Map<string, Run[]>();
  for (const run of runs) {
    if (isNamed(run.owner) || run.probe.length < PROBE_WORDS) continue;
    const first = run.probe[0] ?? "";
    probes.set(first, [...(probes.get(first) ?? []), run]);
  }
  if (probes.size === 0) return;
  const holders = new Map<Run, Set<Mention>>();
  // A named run's last PROBE_WORDS words, in a ring (word n at n % PROBE_WORDS), and one line's words.
  const window: string[] = [];
  const lineWords: string[] = [];
  for (const named of runs) {
    if (!isNamed(named.owner)) continue;
    let n = 0;
    for (let i = named.first; i <= named.last; i++) {
      const text = lines[i]?.text ?? "";
      if (isBlank(text)) continue;
      lineWords.length = 0;
      wordsOf(text, lineWords);
      for (const word of lineWords) {
        window[n % PROBE_WORDS] = word;
        n++;
        // The window holds the run's words from s on: are they an unnamed passage's opening?
        const s = n - PROBE_WORDS;
        if (s < 0) continue;
        const candidates = probes.get(window[s % PROBE_WORDS] ?? "");
        if (candidates === undefined) continue;
        for (const run of candidates) {
          let k = 1;
          while (k < PROBE_WORDS && run.probe[k] === window[(s + k) % PROBE_WORDS]) k++;
          if (k < PROBE_WORDS) continue;
          const set = holders.get(run) ?? new Set<Mention>();
          set.add(named.owner);
          holders.set(run, set);
        }
      }
    }
  }
  for (const [run, owners] of holders) {
    if (owners.size !== 1) continue;
    const [owner] = owners;
    if (owner === undefined) continue;
    for (let i = run.first; i <= run.last; i++) {
      const line = lines[i];
      if (line !== undefined && !isBlank(line.text)) line.owner = owner;
    }
  }
}
