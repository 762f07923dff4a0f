import { cleanName, collapseSpaces, findEmail, nameKey } from "../../thread/names.js";
import type { Attribution } from "./attribution.js";
import { isDateWord } from "./dates.js";

/**
 * Attribution lines in a shape no pattern knows (`Name kirjoitti 2019-10-24 21:50:`,
 * `在 2022/8/26 20:27, Name 写道:`, `Name composed on <date>:`) are recognised by what they hold:
 * a date or time, an address, a reply verb, and a span that reads as a name. The caller has
 * already found the line where an attribution stands (directly above a deeper quote).
 */

// Reply verbs are one piece of evidence among others here, not a requirement.
const REPLY_VERB = /^(?:wrote|writes|said|says|schrieb|schreef|skrev|escreveu|escribió|scritto|kirjoitti|napisał|napisal|pisze|írta|написал|έγραψε|yazdı|写道|寫道|已写|已寫|작성|écrit)$/iu;
const NUMERIC = /^[([]?[+-]?\d[\d:./-]*(?:[ap]m)?[)\]]?$/iu;
// `UTC`, `CEST`, `(UTC+0200)`: a zone, in capitals.
const ZONE = /^\(?(?:UTC|GMT|[A-Z]{2,4}T)(?:[+-]\d{1,4})?\)?$/u;
// Han, kana and Hangul runs are words of their own next to Latin letters and digits (`下午4:20寫道`).
const CJK_RUN = /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}]+|[^\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}]+/gu;
const CASELESS = /^[\p{Lo}]/u;

type Kind = "date" | "address" | "verb" | "lead" | "name" | "word";
// The word a Chinese client opens its attribution with (`在 <date>, Name 写道:`), as `On` opens an
// English one: no part of the name after it.
const LEAD = /^[在於]$/u;

interface Token {
  text: string;
  kind: Kind;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const raw of text.split(/[\s,，、]+/u)) {
    if (raw === "") continue;
    if (raw.includes("@")) {
      tokens.push({ text: raw, kind: "address" });
      continue;
    }
    // A bracketed comment (`Name (Nick) <addr>`) says nothing about where the name stands.
    if (/^\(\p{L}.*\)$/u.test(raw)) continue;
    for (const piece of raw.match(CJK_RUN) ?? []) {
      const word = trimBrackets(piece);
      if (word !== "") tokens.push({ text: word, kind: classify(word) });
    }
  }
  return tokens;
}

const OPENERS = "\"'(<[";
const CLOSERS = "\"'>)]:：;";

/** A word without the quotes, brackets and colon around it; scanned, not matched, to stay linear. */
function trimBrackets(word: string): string {
  let start = 0;
  let end = word.length;
  while (start < end && OPENERS.includes(word.charAt(start))) start++;
  while (end > start && CLOSERS.includes(word.charAt(end - 1))) end--;
  return word.slice(start, end);
}

function classify(word: string): Kind {
  if (NUMERIC.test(word) || ZONE.test(word)) return "date";
  if (REPLY_VERB.test(word)) return "verb";
  if (LEAD.test(word)) return "lead";
  // A capitalised date word is taken for a name only when a name follows (see nameRuns).
  if (isDateWord(word)) return "date";
  if (/^\p{Lu}/u.test(word) || CASELESS.test(word)) return "name";
  return "word";
}

/** Runs of name-shaped words (a capitalised date word leading into one, `Sam Smith`, belongs to it). */
function nameRuns(tokens: readonly Token[]): { start: number; end: number }[] {
  const runs: { start: number; end: number }[] = [];
  for (let i = 0; i < tokens.length; ) {
    const t = tokens[i];
    const next = tokens[i + 1];
    const leadsName = t !== undefined && t.kind === "date" && /^\p{Lu}\p{Ll}+$/u.test(t.text) && next?.kind === "name" && !CASELESS.test(next.text);
    if (t?.kind !== "name" && !leadsName) {
      i++;
      continue;
    }
    // Caseless runs (Han, Hangul) and capitalised words are separate candidates; a Japanese name may
    // keep a space between its family and given names (`山田 太郎`).
    const caseless = CASELESS.test(t?.text ?? "");
    let end = i + 1;
    while (end < tokens.length && tokens[end]?.kind === "name" && CASELESS.test(tokens[end]?.text ?? "") === caseless) end++;
    runs.push({ start: i, end });
    i = end;
  }
  return runs;
}

/**
 * A writer's name opens the line or follows the date, the verb or an address; one after an
 * ordinary word (`sent to Bob Smith:`) is someone the text is about, unless the line's closing
 * reply verb follows it: the subject of that verb is the writer (Gnus' `It was <date>, when
 * Name wrote:`). A lowercase word that some locale uses in dates (`to`, `on`) counts as a date
 * only beside another date token.
 */
function standsAsWriter(tokens: readonly Token[], start: number, end: number): boolean {
  const before = tokens[start - 1];
  if (before === undefined) return true;
  if (before.kind === "word") return end === tokens.length - 1 && tokens[end]?.kind === "verb";
  if (before.kind === "date" && /^\p{Ll}+$/u.test(before.text)) return tokens[start - 2]?.kind === "date";
  return true;
}

/**
 * Reads a line (or wrapped lines joined) that stands where an attribution would, by evidence.
 * `known` holds the names already seen in the paste (headers, other attributions). Returns null
 * unless the line is confidently an attribution with a writer: unknown beats wrong.
 */
export function attributionByEvidence(line: string, known: readonly string[]): Attribution | null {
  const text = collapseSpaces(line).trim();
  if (text.length < 6 || text.length > 200 || !(text.endsWith(":") || text.endsWith("："))) return null;
  const tokens = tokenize(text);
  let dates = 0;
  let words = 0;
  let verb = false;
  let address = -1;
  for (const [i, t] of tokens.entries()) {
    if (t.kind === "date") dates++;
    else if (t.kind === "word") words++;
    else if (t.kind === "verb") verb = true;
    else if (t.kind === "address" && address < 0) address = i;
  }
  // Prose that happens to end on a colon has more ordinary words than an attribution's few.
  if (words > 4 || tokens.length > 24) return null;
  const email = address >= 0 ? findEmail(text) : null;
  const knownKeys = new Set(known.map(nameKey));
  let best: { name: string; score: number } | null = null;
  let candidates = 0;
  for (const run of nameRuns(tokens)) {
    const name = cleanName(
      tokens
        .slice(run.start, run.end)
        .map((t) => t.text)
        .join(" "),
    );
    // A caseless run of a name's length right before the reply verb is where `Name 写道` puts the writer.
    const beforeVerb = name !== null && CASELESS.test(name) && tokens[run.end]?.kind === "verb" && [...name].length >= 2 && [...name].length <= 4;
    const adjacent = run.end === address || beforeVerb || knownKeys.has(nameKey(name ?? ""));
    // One caseless word is anyone's word (`在`, `已`) unless an address or the paste vouches for it.
    if (name === null || (CASELESS.test(name) && !adjacent)) continue;
    candidates++;
    // A writer's name opens the line or follows the date, the verb or the quote marker's
    // leftovers; one after an ordinary word (`sent to Bob Smith:`) is someone the text is about.
    if (!standsAsWriter(tokens, run.start, run.end)) continue;
    const size = run.end - run.start;
    let score = 0;
    if (run.end === address) score += 3;
    if (knownKeys.has(nameKey(name))) score += 3;
    // Without other evidence, a name has two or three capitalised words (one caseless run is anyone's
    // word, unless the verb follows it).
    if ((size >= 2 && size <= 4 && !CASELESS.test(name)) || beforeVerb) score += 1;
    if (best === null || score > best.score) best = { name, score };
  }
  const evidence = Math.min(dates, 3) + 1 + (email !== null ? 2 : 0) + (verb ? 2 : 0);
  // Two rival names with nothing to choose between them: leave the quote unnamed.
  if (best !== null && best.score === 0) best = null;
  if (best !== null && best.score < 3 && candidates > 1) best = null;
  if (best === null && email === null) return null;
  if (evidence + (best?.score ?? 0) < 5) return null;
  return { name: best?.name ?? null, email, strength: "weak" };
}
