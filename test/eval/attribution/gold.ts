import { scoredWords } from "../../support/score.js";
import type { Message, Person } from "./load.js";

/*
 * Gold attribution derived from the thread, never written by hand. Every word of a reply's body is
 * given to the person who wrote it, or marked as not content, or left unscored:
 * - the reply's own unquoted text belongs to its `From`;
 * - a quoted passage belongs to the ancestor whose own text contains it, matched on word n-grams
 *   (5 words, fewer for a shorter passage) so re-wrapping and quote markers do not matter;
 * - attribution lines, signatures (below `-- `), list footers (below a line of underscores) and the
 *   header block of a marker-less quote are not content, wherever they were first written;
 * - anything that matches no ancestor, and anything the rules are unsure of, is unscored.
 */

/** What the gold says about one word: its author, not content, or nothing (unscored). */
export type GoldLabel = { kind: "content"; speaker: Person } | { kind: "other" } | null;

/** One word of a body, as `scoredWords` splits it, with its gold. */
export interface GoldWord {
  word: string;
  label: GoldLabel;
}

/** How long a run of words must match an ancestor for the match to count. */
const GRAM = 5;

interface Line {
  depth: number;
  words: string[];
  /** The line without its quote markers. */
  text: string;
}

type Own = "content" | "other" | "unscored";

/** Each line's quote depth (`>` count in its prefix) and words. */
function splitLines(body: string): Line[] {
  return body.split(/\r?\n/u).map((raw) => {
    const prefix = /^(?:[ \t]*>)+/u.exec(raw)?.[0] ?? "";
    const text = raw.slice(prefix.length);
    return { depth: prefix.split(">").length - 1, words: scoredWords(text), text };
  });
}

/** The form words are matched in: lower case, letters and digits only ("" for punctuation). */
const norm = (word: string): string => word.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");

const LABEL = /^\s*\*?\p{L}[\p{L}\p{M} .'-]{0,30}\*?\s*[:：]/u;
// Patch trailers look like header fields but are the writer's own lines.
const TRAILER = /^\s*(?:[\w-]+-by|fixes|link|closes|cc)\s*:/iu;
// `-----Original Message-----`, `---------- Forwarded message ---------`: words between dashes.
const SEPARATOR = /^\s*-{2,}\s*\p{L}[^-]*\p{L}\s*-{2,}\s*$/u;

const RULE = /^\s*_{10,}\s*$/u;

/**
 * Where a header block starting at line `i` ends (exclusive): a paragraph (at the line's quote
 * depth) of three or more `Label: value` lines, one of them with an address, and the lines their
 * values wrapped onto; -1 when none starts there.
 */
function labelRun(lines: readonly Line[], i: number): number {
  const depth = lines[i]?.depth;
  const field = (k: number): boolean => LABEL.test(lines[k]?.text ?? "") && !TRAILER.test(lines[k]?.text ?? "");
  if (!field(i)) return -1;
  // The paragraph, fields and the lines long fields wrapped onto (To/Cc lists, a long Subject).
  let para = i;
  while (para < lines.length && lines[para]?.depth === depth && (lines[para]?.words.length ?? 0) > 0) para++;
  let fields = 0;
  let last = i;
  for (let k = i; k < para; k++) {
    if (!field(k)) continue;
    fields++;
    last = k;
  }
  if (fields < 3 || !lines.slice(i, para).some((l) => /\S@\S/u.test(l.text))) return -1;
  // One line past the last field is a wrapped value when the paragraph ends there; more is text.
  return para - last <= 2 ? para : last + 1;
}

/**
 * Who or what the unquoted lines of one message are: its own content, not content (attribution,
 * signature, footer, header block), or unsure. `evidence` says whether a line names someone in the
 * thread or holds a date or address, as attribution lines do. `headerAt` lists the first lines of
 * header blocks (a separator, or a paragraph of three or more `Label: value` lines with an address).
 */
function classifyOwn(lines: readonly Line[], evidence: Evidence): { own: Own[]; headerAt: number[] } {
  const own: Own[] = lines.map(() => "content");
  const headerAt: number[] = [];
  // A rule of underscores above a header block is Outlook's separator; any other one opens a list footer.
  const footer = lines.findIndex((l, i) => l.depth === 0 && RULE.test(l.text) && labelRun(lines, i + 1) < 0);
  if (footer >= 0) for (let i = footer; i < lines.length; i++) own[i] = "other";
  // git's in-body `From:` (and `Date:`/`Subject:`) lines opening a body name the patch's author: not content.
  const first = lines.findIndex((l) => l.words.length > 0);
  if (first >= 0 && lines[first]?.depth === 0 && /^From\s*:.*\S@\S/u.test(lines[first]?.text ?? "")) {
    let k = first;
    while (k < lines.length && lines[k]?.depth === 0 && LABEL.test(lines[k]?.text ?? "")) k++;
    if ((lines[k]?.words.length ?? 0) === 0) for (let j = first; j < k; j++) own[j] = "other";
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === undefined || line.depth !== 0) continue;
    if (/^-- ?$/u.test(line.text)) {
      for (let j = i; j < lines.length && (lines[j]?.depth ?? 1) === 0; j++) own[j] = "other";
      continue;
    }
    if (SEPARATOR.test(line.text) || (RULE.test(line.text) && i !== footer)) {
      headerAt.push(i);
      continue;
    }
    const end = labelRun(lines, i);
    // A header block opens a paragraph.
    const opens = i === 0 || (lines[i - 1]?.words.length ?? 0) === 0 || lines[i - 1]?.depth !== 0 || SEPARATOR.test(lines[i - 1]?.text ?? "") || RULE.test(lines[i - 1]?.text ?? "");
    if (end >= 0 && opens) {
      headerAt.push(i);
      i = end - 1;
    }
  }
  for (let i = 0; i < lines.length; i++) {
    if ((lines[i]?.depth ?? 0) === 0) continue;
    // The line directly above a quote (one blank line allowed), ending in a colon, or in the time it
    // quotes in brackets, as alot writes it (`Quoting Ann Lee (2019-11-08 05:42:33)`).
    let j = i - 1;
    if (j >= 0 && lines[j]?.depth === 0 && lines[j]?.words.length === 0) j--;
    const above = lines[j];
    if (above === undefined || above.depth !== 0 || !ENDS_ATTRIBUTION.test(above.text) || own[j] !== "content") continue;
    // The fewest lines ending there (at most three of one paragraph) that name someone or hold a date.
    let found = -1;
    for (let k = j; k >= Math.max(0, j - 2) && lines[k]?.depth === 0 && (lines[k]?.words.length ?? 0) > 0; k--) {
      if (evidence.any(lines.slice(k, j + 1).map((l) => l.text).join(" "))) {
        found = k;
        break;
      }
    }
    // A wrapped attribution's first half: a line above that ends no sentence or clause and itself
    // holds a date, an address or a name.
    const firstHalf = (text: string): boolean => /[^\s.!?:;,]\s*$/u.test(text) && evidence.any(text);
    while (found > 0 && found > j - 2 && lines[found - 1]?.depth === 0 && firstHalf(lines[found - 1]?.text ?? "")) found--;
    if (found < 0) own[j] = "unscored";
    else for (let k = found; k <= j; k++) own[k] = "other";
  }
  // An attribution standing alone, whatever comes under it (a greeting, a snip mark, a quote
  // indented without markers): a one-line paragraph ending in a colon that names someone of the
  // thread beside a date and an address or a time. The unquoted text under it, up to the first
  // quote, may be the message it attributes copied without markers (webmail does so): unsure.
  lines.forEach((line, i) => {
    const alone = (lines[i - 1]?.words.length ?? 0) === 0 && ((lines[i + 1]?.words.length ?? 0) === 0 || (lines[i + 1]?.depth ?? 0) > 0);
    if (line.depth !== 0 || own[i] !== "content" || !alone || !/[:：]\s*$/u.test(line.text)) return;
    if (!/\d/u.test(line.text) || !/\S@\S|\d:\d\d/u.test(line.text) || !evidence.names(line.text)) return;
    own[i] = "other";
    for (let k = i + 1; k < lines.length && lines[k]?.depth === 0 && own[k] === "content"; k++) own[k] = "unscored";
  });
  return { own, headerAt };
}

const ENDS_ATTRIBUTION = /(?:[:：]|\([^()]*\d:\d\d[^()]*\))\s*$/u;

/** What a line holds: a name of someone in the thread; or that, an address or a digit. */
interface Evidence {
  names: (text: string) => boolean;
  any: (text: string) => boolean;
}

function evidenceFor(people: readonly Person[]): Evidence {
  const known = new Set<string>();
  for (const p of people) {
    for (const part of `${p.name ?? ""} ${p.email?.split("@")[0] ?? ""}`.split(/[\s._-]+/u)) {
      const n = norm(part);
      if (n.length >= 3) known.add(n);
    }
  }
  const names = (text: string): boolean => text.split(/\s+/u).some((w) => known.has(norm(w)));
  return { names, any: (text) => /[@\d]/u.test(text) || names(text) };
}

/** What an ancestor wrote, as n-grams: its own content and its own non-content, separately. */
interface AncestorText {
  from: Person;
  level: number | null;
  date: number;
  content: Set<string>;
  other: Set<string>;
}

function grams(tokens: readonly string[], into: Set<string>): void {
  for (let n = 2; n <= GRAM; n++) for (let s = 0; s + n <= tokens.length; s++) into.add(tokens.slice(s, s + n).join(" "));
}

function ancestorText(message: Message, level: number | null, evidence: Evidence): AncestorText {
  const lines = splitLines(message.body);
  const { own, headerAt } = classifyOwn(lines, evidence);
  // Below a header block an ancestor's unquoted text was copied from older mail: not its own.
  const firstHeader = headerAt[0] ?? lines.length;
  const content: string[] = [];
  const other: string[] = [];
  lines.forEach((line, i) => {
    if (line.depth !== 0) return;
    const role = i >= firstHeader && own[i] === "content" ? "unscored" : own[i];
    const into = role === "content" ? content : role === "other" ? other : null;
    if (into !== null) for (const w of line.words.map(norm)) if (w !== "") into.push(w);
  });
  const a: AncestorText = { from: message.from, level, date: message.date, content: new Set(), other: new Set() };
  grams(content, a.content);
  grams(other, a.other);
  return a;
}

/** A word by `person`, unscored when the archive lost who they are. */
const contentOf = (person: Person): GoldLabel => (person.name === null && person.email === null ? null : { kind: "content", speaker: person });

/**
 * Which ancestor wrote each word of a run of quoted words (null where none did, or where it is
 * unsure). A quote stands at the depth of the message it was taken from, so the ancestor `depth`
 * levels up is the author when it wrote the words; otherwise the earliest ancestor containing them
 * is (later ones copied them). When the ancestor at the depth and an older one by someone else both
 * wrote them (a patch reworked in a review, a quote whose markers were lost), the author is unsure.
 */
function matchRun(tokens: readonly string[], ancestors: readonly AncestorText[], depth: number, contentOnly: boolean): GoldLabel[] {
  const cover: Set<number>[] = tokens.map(() => new Set());
  const asContent: Set<number>[] = tokens.map(() => new Set());
  const n = Math.min(GRAM, tokens.length);
  if (n < 2) return tokens.map(() => null);
  for (let s = 0; s + n <= tokens.length; s++) {
    const gram = tokens.slice(s, s + n).join(" ");
    ancestors.forEach((a, ai) => {
      const content = a.content.has(gram);
      if (!content && (contentOnly || !a.other.has(gram))) return;
      for (let k = s; k < s + n; k++) {
        cover[k]?.add(ai);
        if (content) asContent[k]?.add(ai);
      }
    });
  }
  return cover.map((set, k) => {
    let atDepth = -1;
    let earliest = -1;
    for (const ai of set) {
      const a = ancestors[ai];
      if (a === undefined) continue;
      if (a.level === depth) atDepth = ai;
      if (earliest < 0 || a.date < (ancestors[earliest]?.date ?? 0)) earliest = ai;
    }
    const d = ancestors[atDepth];
    const e = ancestors[earliest];
    // Both wrote it, and they are two people: a reworked passage, or one whose quote markers were lost.
    if (d !== undefined && e !== undefined && asContent[k]?.has(atDepth) === true && asContent[k]?.has(earliest) === true && !samePerson(d.from, e.from)) return null;
    const chosen = d === undefined ? earliest : atDepth;
    const a = ancestors[chosen];
    if (a === undefined) return null;
    return asContent[k]?.has(chosen) === true ? contentOf(a.from) : { kind: "other" };
  });
}

const samePerson = (a: Person, b: Person): boolean => (a.email !== null && a.email === b.email) || (a.name !== null && a.name === b.name);

/**
 * The gold for every word of a reply's body, given its stored ancestors (see `ancestorsOf`).
 * Words come out in body order, split as `scoredWords` splits them.
 */
export function deriveGold(reply: Message, ancestors: readonly { message: Message; level: number | null }[]): GoldWord[] {
  const evidence = evidenceFor([reply.from, ...ancestors.map((a) => a.message.from)]);
  const texts = ancestors.map((a) => ancestorText(a.message, a.level, evidence));
  const lines = splitLines(reply.body);
  const { own, headerAt } = classifyOwn(lines, evidence);
  const labels: GoldLabel[][] = lines.map((l) => l.words.map(() => null));

  // Depth-0 text under a header block whose text an ancestor wrote: that ancestor's (a quote without markers).
  const copiedFrom = new Set<number>();
  for (const h of headerAt) {
    let end = h;
    for (;;) {
      const block = labelRun(lines, end);
      if (block > end) end = block;
      else if (end === h || (lines[end]?.depth === 0 && (LABEL.test(lines[end]?.text ?? "") || lines[end]?.words.length === 0))) end++;
      else break;
    }
    // The copied message runs to the next header block, its own inline quotes and all; its
    // unquoted lines are matched as one text, as the ancestor's own text was gathered.
    const stop = headerAt.find((k) => k > h) ?? lines.length;
    const copied = (k: number): boolean => lines[k]?.depth === 0 && own[k] !== "other";
    const run = runTokens(lines, end, stop, copied);
    const matched = matchRun(run.tokens, texts, 1, false);
    // Confirmed by the text under it (an ancestor wrote it) or by its fields (an ancestor's address).
    const fields = lines.slice(h, end).map((l) => l.text.toLowerCase()).join(" ");
    const namesAncestor = ancestors.some((a) => a.message.from.email !== null && fields.includes(a.message.from.email));
    if (!namesAncestor && !matched.some((m) => m?.kind === "content")) continue;
    for (let i = h; i < end; i++) own[i] = "other";
    run.place(matched, labels);
    for (let i = end; i < stop; i++) if (copied(i)) copiedFrom.add(i);
  }

  for (let i = 0; i < lines.length; ) {
    const depth = lines[i]?.depth ?? 0;
    let end = i;
    while (end < lines.length && ((lines[end]?.depth ?? 0) === depth || (lines[end]?.words.length ?? 0) === 0)) end++;
    if (depth === 0) {
      for (let k = i; k < end; k++) {
        if (copiedFrom.has(k)) continue;
        const role = own[k];
        const label: GoldLabel = role === "content" ? contentOf(reply.from) : role === "other" ? { kind: "other" } : null;
        labels[k] = (lines[k]?.words ?? []).map(() => label);
      }
      // Own text that an ancestor also wrote (a re-sent patch, a marker-less quote) is unsure.
      const run = runTokens(lines, i, end, (k) => own[k] === "content" && !copiedFrom.has(k));
      if (run.tokens.length >= GRAM) {
        run.place(
          matchRun(run.tokens, texts, 0, true).map((c) => (c === null ? undefined : null)),
          labels,
        );
      }
    } else {
      const run = runTokens(lines, i, end);
      run.place(matchRun(run.tokens, texts, depth, false), labels);
    }
    i = Math.max(end, i + 1);
  }
  // A header block quoted from older mail (Outlook's, under markers) is not content either.
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === undefined || line.depth === 0) continue;
    const before = lines[i - 1];
    const separator = (k: number): boolean => SEPARATOR.test(lines[k]?.text ?? "") || (RULE.test(lines[k]?.text ?? "") && labelRun(lines, k + 1) > k);
    const opens = before === undefined || before.depth !== line.depth || before.words.length === 0 || separator(i - 1);
    const end = separator(i) ? i + 1 : opens ? labelRun(lines, i) : -1;
    for (let k = i; k < end; k++) labels[k] = (lines[k]?.words ?? []).map(() => ({ kind: "other" }));
    i = Math.max(i, end - 1);
  }
  return lines.flatMap((l, i) => l.words.map((word, w) => ({ word, label: labels[i]?.[w] ?? null })));
}

/**
 * The matchable words of lines [from, to) (those `keep` accepts), and a way to put one label per
 * such word back in place (`undefined` leaves a word's label as it was).
 */
function runTokens(
  lines: readonly Line[],
  from: number,
  to: number,
  keep: (line: number) => boolean = () => true,
): { tokens: string[]; place: (labels: readonly (GoldLabel | undefined)[], into: GoldLabel[][]) => void } {
  const tokens: string[] = [];
  const at: [number, number][] = [];
  for (let k = from; k < to; k++) {
    if (!keep(k)) continue;
    (lines[k]?.words ?? []).forEach((word, w) => {
      const n = norm(word);
      if (n === "") return;
      tokens.push(n);
      at.push([k, w]);
    });
  }
  return {
    tokens,
    place: (labels, into) =>
      labels.forEach((label, t) => {
        const [k, w] = at[t] ?? [-1, -1];
        const row = into[k];
        if (label !== undefined && row !== undefined) row[w] = label;
      }),
  };
}
