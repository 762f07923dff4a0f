import { footerHits, isClosing, signOffName } from "./boilerplate.js";
import { ENDS_CLAUSE, heldBlockAt, isLink, LONE_DASH, LOWERCASE_NAME, MAX_DASHED_WORDS, NAME, SENTENCE_END, splitFinalSignOff, splitSignOff } from "./prose-sign-offs.js";

/*
 * The end of a writer's text in flattened prose: a signature under its delimiter, a sign-off, a
 * name signing alone. Each goes back on lines of its own, as the body reader expects to find it.
 */

/** Splits off `-- ` signatures and trailing sign-offs (`Thanks, Jason`, `-Daniel`) as lines of their own. */
export function splitSignature(words: readonly string[]): string[] {
  // A list footer under its own `--` (`… (Wales) -- You received this message because…`) follows
  // what the writer keeps under their dash: the dash is looked for above it. Any `--` had hidden the
  // dash, and the name above it with it (dev-C flat +136 words, other→content unchanged).
  const footer = footerCut(words, -1)[0] ?? words.length;
  const dash = dashSignatureAt(words.slice(0, footer));
  // The name, the dash and what the writer keeps under it each stood on a line of their own.
  if (dash > 0) return [...splitSignOff(words.slice(0, dash)), "", words[dash] ?? "", words.slice(dash + 1, footer).join(" "), ...footerLines(words, footer)];
  const early = earlySignatureStart(words);
  const cuts = early < 0 ? signatureCuts(words) : [early, ...footerCut(words, early)];
  // With no delimiter at all, a name alone above a company's block signs, and the block is its signature.
  const held = cuts.length === 0 ? heldBlockAt(words) : -1;
  if (held > 0) return [...splitSignOff(words.slice(0, held)), "", words[held] ?? "", "", words.slice(held + 1).join(" ")];
  const first = cuts[0] ?? words.length;
  // Only above a short block is a `--` a signature's delimiter, with a name right above it.
  const delimited = first < words.length && words.length - first - 1 <= MAX_SIGNATURE_WORDS;
  const name = first > 1 && loneName(words, first, delimited) ? first - 1 : first;
  const lines = splitSignOff(words.slice(0, name));
  // The name stood apart from the text above it.
  if (name < first) lines.push("", words[name] ?? "");
  // Each block under a delimiter is a signature of its own (a writer's name, then a list footer):
  // the body names the writer from the first line of the block its delimiter opens.
  cuts.forEach((cut, k) => {
    lines.push("", "-- ");
    const block = words.slice(cut + 1, cuts[k + 1] ?? words.length);
    if (block.length > 0) for (const line of splitSignOff(block)) if (line !== "") lines.push(line);
  });
  return lines;
}



/**
 * Whether the word before `end` is a name signing alone, where `splitSignOff` sees none: capitalised
 * right above a signature delimiter, even after code or a link that ends no sentence (`} Pavel --
 * <url>`); or in lowercase after a finished sentence (`move to nautilus. sage`), as no sentence is.
 */
function loneName(words: readonly string[], end: number, delimited: boolean): boolean {
  const word = words[end - 1] ?? "";
  const before = words[end - 2] ?? "";
  if (LOWERCASE_NAME.test(word)) return /[.!?]$/u.test(before) && !isClosing(word);
  return delimited && !ENDS_CLAUSE.test(before) && /^\p{Lu}/u.test(word) && signOffName(word) !== null;
}

// A signature's block (name, address, a title) is a few words; a longer one under an earlier `--`
// means that `--` was a dash in the text.
const MAX_SIGNATURE_WORDS = 12;

/**
 * Where the signature delimiters (`--`) of a stretch are: the last one, and each earlier one whose
 * block up to the next is as short as a signature (`-- Jan Kara <jack@suse.com> -- List mailing list`).
 * A `--` between a word that ends no sentence and a lowercase one is a dash in prose (`again -- so`).
 */
function signatureCuts(words: readonly string[]): number[] {
  const cuts: number[] = [];
  for (let k = words.length - 1; k >= 0; k--) {
    const next = cuts[cuts.length - 1];
    if (next === undefined && typographicDelimiter(words, k)) {
      cuts.push(k);
      continue;
    }
    if (words[k] !== "--" || diffstatBar(words, k) || (isProseDash(words, k) && !linksUnder(words, k, next))) continue;
    if (next !== undefined && (next - k - 1 > MAX_SIGNATURE_WORDS || closesAbove(words, next))) break;
    if (next === undefined && signedBelow(words, k)) continue;
    cuts.push(k);
  }
  return cuts.reverse();
}

/**
 * Whether a closing (`Regards,`, `Best regards,`) ends the words right above the `--` at `next`: the
 * writer's sign-off over their signature's delimiter, so a `--` above it was a dash in their text
 * (`move on? -- Thanks! … Regards, -- Luca`), and its block no signature naming anyone.
 */
function closesAbove(words: readonly string[], next: number): boolean {
  for (let n = 1; n <= 3 && n <= next; n++) if (isClosing(words.slice(next - n, next).join(" "))) return true;
  return false;
}

// A signature may carry a title, an address and a disclaimer; past this many words under its `--`
// with a sign-off at the end, the block is the writer's text.
const MAX_SIGNED_BLOCK_WORDS = 40;

/**
 * Whether the words under a `--` at `k` are more text than a signature holds, ending in the writer's
 * sign-off (`-- a list item … So it can be more. Thank you, Ann Lee`): the dash was one in the text
 * (a list's bullet, a quoted standard's item), and the writer signs below it.
 */
function signedBelow(words: readonly string[], k: number): boolean {
  const block = words.slice(k + 1);
  return block.length > MAX_SIGNED_BLOCK_WORDS && splitFinalSignOff(block).length > 1;
}

/**
 * Whether a lone long dash at `k` is a signature's delimiter as a client typesets `-- ` (`what do you
 * think? — Sincerely, Ann Lee Senior Engineer`): after a finished sentence or a closing (`Best
 * regards, — Ann Lee`, Apple Mail's autocorrected dash under a sign-off: dev flat +100), before a capitalised
 * signature block short enough to be one, the stretch's last such dash. In prose a long dash parts
 * clauses, not a sentence's end from a capital.
 */
function typographicDelimiter(words: readonly string[], k: number): boolean {
  const block = words.length - k - 1;
  return (
    LONG_DASH.test(words[k] ?? "") &&
    block > 0 &&
    block <= MAX_SIGNATURE_WORDS &&
    (ENDS_SENTENCE.test(words[k - 1] ?? "") || closesAbove(words, k)) &&
    /^\p{Lu}/u.test(words[k + 1] ?? "") &&
    !words.slice(k + 1).some((w) => LONG_DASH.test(w) || w === "--")
  );
}
const LONG_DASH = /^[—–]$/u;
// A sentence's end, an ellipsis's included (`question ... —`).
const ENDS_SENTENCE = /[.?!]["'’”)]*$/u;

/**
 * Whether the words under a `--` at `k`, up to the next delimiter (`next`) or the end, open on a link and
 * are as short as a signature (`… fix the probe -- https://patches.example/123 https://wiki.example/howto`):
 * a tool's signature of links, not a dash going on in prose after a commit's title ending no sentence
 * (dev-A flat other→content -20 words; dev-B flat +30 words, other→content -6; dev-C other→content -6).
 */
function linksUnder(words: readonly string[], k: number, next: number | undefined): boolean {
  return isLink(words[k + 1] ?? "") && (next ?? words.length) - k - 1 <= MAX_SIGNATURE_WORDS;
}

/**
 * Whether the `--` at `k` is a diffstat's bar after a file's count of changed lines (`fs/file.c | 4 --`):
 * a patch's summary run on into the writer's text, whose next file (`MAINTAINERS | 14 ++-`) is no name
 * signing under a delimiter.
 */
const diffstatBar = (words: readonly string[], k: number): boolean => words[k - 2] === "|" && /^\d+$/u.test(words[k - 1] ?? "");

const isProseDash = (words: readonly string[], k: number): boolean =>
  k > 0 && !/[.?!:;,)>"']$/u.test(words[k - 1] ?? "") && /^\p{Ll}/u.test(words[k + 1] ?? "");

/**
 * Where a signature begins that holds dashes of its own (`-- Ann Lee -- There's more to life --
 * ann@example.org`): the first `--`, before the last, that stands after a finished sentence or a
 * sign-off and before a full name; -1 when there is none.
 */
function earlySignatureStart(words: readonly string[]): number {
  const last = words.lastIndexOf("--");
  for (let k = words.indexOf("--"); k >= 0 && k < last; k = words.indexOf("--", k + 1)) {
    const before = words[k - 1];
    // A full name (two capitalised words): a single one may be a heading between dashes (`-- Later --`).
    const opensName = /^\p{Lu}/u.test(words[k + 1] ?? "") && /^\p{Lu}/u.test(words[k + 2] ?? "");
    if (opensName && (before === undefined || /[.?!,]$/u.test(before) || signOffName(before) !== null)) return k;
  }
  return -1;
}


/**
 * Where a lone dash under a name opens what a writer keeps below it (`works now. David - Registered
 * Address Lakeside, … No: 1397386 (Wales)`), as a client's own delimiter (`-` on its own line); -1
 * for none. The name follows a finished sentence and the dash is the stretch's last, with no sentence
 * after it: a dash before one addresses the name (`Done. Bob - can you test it?`).
 */
function dashSignatureAt(words: readonly string[]): number {
  const k = words.findLastIndex((w) => LONE_DASH.test(w));
  // Under a `--` the dash is the signature's own (`-- Ann B. Lee - she/her`).
  if (k < 2 || words.length - k - 1 > MAX_DASHED_WORDS || words.length - k < 2 || words.includes("--")) return -1;
  const name = words[k - 1] ?? "";
  if (!NAME.test(name) || signOffName(name) === null || !SENTENCE_END.test(words[k - 2] ?? "")) return -1;
  return words.slice(k + 1).some((w) => /[.?!]$/u.test(w)) ? -1 : k;
}


/** The last `--` after a signature's own when a list footer follows it (`-- List mailing list <url>`). */
function footerCut(words: readonly string[], start: number): number[] {
  const last = words.lastIndexOf("--");
  return last > start && footerHits(words.slice(last + 1).join(" ")) > 0 ? [last] : [];
}

/** The lines of a list footer opening at the `--` at `cut` (none at the words' end). */
const footerLines = (words: readonly string[], cut: number): string[] => (cut < words.length ? ["", "-- ", words.slice(cut + 1).join(" ")] : []);
