import { ENDS_SENTENCE, isBlank, quotedLine, type QuotedLine } from "./lines.js";

/**
 * Puts back the depth of quoted lines that a client's re-wrapping pushed out of their quote:
 * `>>> a long quoted line that was` + `wrapped` + `>>> next line` (the middle line lost its markers,
 * or kept fewer). A short fragment between two lines of the same deeper quote, continuing the
 * sentence of a long line, is a continuation; a fresh sentence is an interleaved reply and stays.
 */
export function repairRewrapped(lines: readonly QuotedLine[]): QuotedLine[] {
  // Lines are shared with the input until repaired (few are): a repaired line is a new object.
  const out = lines.slice();
  for (let i = 1; i < out.length; i++) {
    const prev = out[i - 1];
    const cur = out[i];
    if (prev === undefined || cur === undefined) continue;
    if (cur.depth >= prev.depth || isBlank(cur.text) || isBlank(prev.text)) continue;
    const next = out[i + 1];
    const nextSame = next !== undefined && next.depth === prev.depth;
    const text = cur.text.trim();
    let score = 0;
    if (!ENDS_SENTENCE.test(prev.text)) score += 1;
    if (/^[\p{Ll}\d(]/u.test(text)) score += 1;
    if (text.length <= 30) score += 1;
    if (prev.text.length + 2 * prev.depth >= 60) score += 1;
    if (nextSame) score += 1;
    // A split attribution (`On <date>, Name <addr>` + `wrote:`) always rejoins its first half.
    const attributionTail = /^(?:\S+@\S+>?\s+)?(?:wrote|writes|a écrit|schrieb)\b.*:\s*$/iu.test(text) || /^\d{1,2}:\d{2}/u.test(text);
    if (attributionTail && !ENDS_SENTENCE.test(prev.text)) score += 3;
    if (score >= 4) out[i] = quotedLine(prev.depth, cur.text);
  }
  return out;
}
