import type { LabelledLine } from "./lines.js";
import { footerHits, isRule, isSignatureDelimiter } from "./boilerplate.js";
import { firstNonSpace, isBlank, isSpaceCode } from "./lines.js";

/** List footers, disclaimers and client advertisements: paragraphs dense in their stock phrases. */
export function markFooters(lines: LabelledLine[]): void {
  const texts: string[] = [];
  // Each paragraph's first line and the line after its last, pair after pair: one array for a
  // paste's hundreds of thousands of paragraphs rather than one per paragraph. Typed and made at
  // its full size (the pairs are disjoint ranges, so no more of them than lines): pushed to as it
  // grew, a plain array was a tenth of this step.
  const bounds = new Int32Array(2 * lines.length);
  let filled = 0;
  let start = 0;
  while (start < lines.length) {
    let end = start;
    const depth = lines[start]?.depth ?? 0;
    // A header under a page's chrome with no blank line between (public-inbox's thread tree over each
    // message's `From:`) ends the paragraph: only the writers' lines above it can be a footer.
    const writers = isWriters(lines[start]);
    while (end < lines.length && lines[end]?.depth === depth && !isBlank(lines[end]?.text ?? "") && isWriters(lines[end]) === writers) end++;
    if (end === start) {
      start++;
      continue;
    }
    // A rule or a signature delimiter inside the paragraph (`Leon` / `____` / `List mailing list`) is where a footer would begin.
    let rule = start + 1;
    while (rule < end && !isRule(lines[rule]?.text ?? "") && !isSignatureDelimiter(lines[rule]?.text ?? "")) rule++;
    if (rule < end) {
      bounds[filled++] = start;
      bounds[filled++] = rule;
    }
    bounds[filled++] = rule < end ? rule : start;
    bounds[filled++] = end;
    start = end;
  }
  // Last first: whether a short paragraph ends its text depends on whether the ones under it are footers.
  for (let p = filled - 2; p >= 0; p -= 2) markFooterParagraph(lines, bounds[p] ?? 0, bounds[p + 1] ?? 0, texts);
  // A rule left alone above a footer that stands at another depth (a footer quoted under a reply whose
  // markers were re-wrapped or lost: `> ____` / `List mailing list`) opens that footer all the same.
  for (let j = lines.length - 2; j >= 0; j--) {
    const l = lines[j];
    if (l === undefined || l.role !== "content" || !isRule(l.text)) continue;
    let k = j + 1;
    while (k < lines.length && isBlank(lines[k]?.text ?? "")) k++;
    if (lines[k]?.role !== "footer") continue;
    l.role = "footer";
    l.owner = null;
  }
}

/**
 * Whether the paragraph from `start` ran on into a header with no blank line between: it is the page's
 * chrome only with two stock phrases (a subject line above a quoted `From:` may name a mailing list).
 */
function cutByHeader(lines: readonly LabelledLine[], start: number, end: number): boolean {
  const next = lines[end];
  return next !== undefined && next.depth === lines[start]?.depth && !isBlank(next.text) && !isWriters(next);
}

/** Whether a line holds a writer's words (content or signature), which a footer may be. */
const isWriters = (line: LabelledLine | undefined): boolean => line !== undefined && (line.role === "content" || line.role === "signature");

// A long rule (`____…`, `-----…`, `=====…`): the line a list manager draws above its footer.
const LONG_RULE = /^\s*(?:_{10,}|-{10,}|={10,})\s*$/u;
// Where a paragraph points: a URL or an address (a list's page, its post or unsubscribe address).
const POINTS = /:\/\/|www\.|\S@\S/u;
// The most words a footer under a rule holds without any stock phrase (a list's name, address and page).
const RULED_FOOTER_WORDS = 40;

/**
 * A footer in whatever words the list writes it: a short paragraph under a long rule (or opening on
 * one) that points somewhere, a URL or an address, and closes its message or quote.
 */
function ruledPointer(lines: readonly LabelledLine[], start: number, end: number, text: string): boolean {
  const ruled = isLongRule(lines[start]?.text ?? "") || isLongRule(lines[start - 1]?.text ?? "") || (isBlank(lines[start - 1]?.text ?? "") && isLongRule(lines[start - 2]?.text ?? ""));
  return ruled && POINTS.test(text) && wordCount(text) <= RULED_FOOTER_WORDS && endsItsText(lines, end);
}

/** {@link LONG_RULE}, asked of the lines round every paragraph without a stock phrase: its first character rules most out. */
function isLongRule(text: string): boolean {
  const c = text.charCodeAt(firstNonSpace(text));
  return (c === 0x5f || c === 0x2d || c === 0x3d) && LONG_RULE.test(text);
}

/**
 * Whether the paragraph ending before `end` is the last of its writer's text at its depth: what
 * follows is deeper (a quote under it), shallower, or no one's words (an attribution, a header, a
 * footer). A footer closes a message or a quote; a phrase in the middle of one is the writer's.
 */
function endsItsText(lines: readonly LabelledLine[], end: number): boolean {
  const depth = lines[end - 1]?.depth ?? 0;
  for (let k = end; k < lines.length; k++) {
    const l = lines[k];
    if (l === undefined || l.depth > depth || isBlank(l.text)) continue;
    return l.depth < depth || (l.role !== "content" && l.role !== "signature");
  }
  return true;
}

// The longest a footer runs per stock phrase it holds (disclaimers hold several in a paragraph).
const FOOTER_WORDS_PER_HIT = 80;

/** `texts` is a buffer the caller lends for the paragraph's lines: joined once, not concatenated line by line. */
function markFooterParagraph(lines: LabelledLine[], start: number, end: number, texts: string[]): void {
  // Only the writers' own lines can be a footer: checked before the (costly) search for stock phrases.
  // The buffer is written over and cut to length, not emptied: emptying an array drops its storage,
  // and each paragraph would allocate it again.
  for (let j = start; j < end; j++) {
    const l = lines[j];
    if (l === undefined || (l.role !== "content" && l.role !== "signature")) return;
    texts[j - start] = l.text;
  }
  texts.length = end - start;
  // Most paragraphs of a reply are one line: its text is the paragraph's, with no copy joined.
  const text = end - start === 1 ? (texts[0] ?? "") : texts.join(" ");
  const hits = footerHits(text);
  if (hits === 0 && !ruledPointer(lines, start, end, text)) return;
  const paragraph = lines.slice(start, end);
  const words = wordCount(text);
  const ruled = isRule(paragraph[0]?.text ?? "") || isRule(lines[start - 1]?.text ?? "") || isRule(lines[start - 2]?.text ?? "");
  if (hits < 2 && (cutByHeader(lines, start, end) || (!ruled && (words > 12 || !endsItsText(lines, end))))) return;
  // Footers are dense in stock phrases; a long stretch with one or two (a pasted log quoting a licence
  // notice, a whole message that lost its newlines) is the writer's own text.
  if (words > Math.max(hits, 1) * FOOTER_WORDS_PER_HIT) return;
  for (const l of paragraph) {
    l.role = "footer";
    l.owner = null;
  }
}

/** `text.split(/\s+/u).length` (one more than its runs of whitespace), counted without making the words. */
function wordCount(text: string): number {
  let n = 1;
  let inSpace = false;
  for (let i = 0; i < text.length; i++) {
    const space = isSpaceCode(text.charCodeAt(i));
    if (space && !inSpace) n++;
    inSpace = space;
  }
  return n;
}
