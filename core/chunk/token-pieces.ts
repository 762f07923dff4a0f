/*
 * Pieces of text that BPE can count one at a time. The o200k and cl100k encoders first split text
 * into pre-tokens with a regex (letter runs, digit triples, punctuation runs, whitespace runs), then
 * merge the bytes of each pre-token pair by pair; that merge is quadratic in the pre-token's length,
 * so one long run (base64 without line breaks, `/@/@…`, CJK or emoji without spaces, a screen of
 * spaces) took seconds per 100 KB. Cutting the text where the pre-tokenizer itself cuts changes no
 * count, and cutting long runs into bounded pieces keeps every merge small.
 */

/** Character classes as the pre-tokenizer regexes see them. */
const enum Cls {
  Unknown = 0,
  /** Whitespace other than CR and LF. */
  Space,
  /** CR or LF, which punctuation pre-tokens may swallow. */
  Newline,
  Letter,
  Digit,
  Mark,
  /** `'`, which starts an o200k contraction suffix glued to the letters before it. */
  Apostrophe,
  /** `/`, which o200k glues to a line break before it (`]\n/`). */
  Slash,
  /** Anything else: punctuation, symbols, emoji, controls. */
  Other,
}

// Filled lazily, one byte per code point: 1.1 MB, and each class is computed once per process.
const classes = new Uint8Array(0x110000);

function classOf(cp: number): Cls {
  const known = classes[cp] as Cls;
  if (known !== Cls.Unknown) return known;
  const ch = String.fromCodePoint(cp);
  let c: Cls;
  if (cp === 0x0a || cp === 0x0d) c = Cls.Newline;
  else if (/\s/u.test(ch)) c = Cls.Space;
  else if (/\p{L}/u.test(ch)) c = Cls.Letter;
  else if (/\p{N}/u.test(ch)) c = Cls.Digit;
  else if (/\p{M}/u.test(ch)) c = Cls.Mark;
  else if (cp === 0x27) c = Cls.Apostrophe;
  else if (cp === 0x2f) c = Cls.Slash;
  else c = Cls.Other;
  classes[cp] = c;
  return c;
}

/**
 * Whether both encoders' pre-tokenizers end a pre-token between a character of class `a` and one
 * of class `b`, in a way that cutting the text there cannot change: no pre-token pattern continues
 * a letter into a digit or punctuation (except an o200k `'s`), a digit into anything else, or
 * anything into a space or tab (a space starts the pre-token after it); a CR or LF is swallowed only
 * by the whitespace or punctuation before it, and nothing but more whitespace (or, in o200k, a `/`)
 * continues past it. The text before the cut ends in a non-space or a line break, so the regexes'
 * only end-sensitive parts, `\s+(?!\S)` and `\s+$`, cannot match differently there: a whitespace
 * run ending in a line break is one pre-token in both encoders whether text follows or not.
 */
function boundary(a: Cls, b: Cls): boolean {
  if (a === Cls.Space) return false;
  if (a === Cls.Newline) return b !== Cls.Space && b !== Cls.Newline && b !== Cls.Slash;
  if (b === Cls.Space) return true;
  if (a === Cls.Digit) return b !== Cls.Digit;
  if (b === Cls.Digit) return true;
  return a === Cls.Letter && (b === Cls.Newline || b === Cls.Other || b === Cls.Slash);
}

/**
 * UTF-8 bytes of a run between boundaries before it is cut anyway. BPE merges each pre-token in
 * time quadratic in its bytes; at this size a merge costs no more per byte than ordinary words do.
 */
export const MAX_RUN_BYTES = 128;
/** A long run is cut past this many bytes where its content says so (see {@link tokenPieces}). */
const MIN_RUN_BYTES = 48;
/**
 * Bytes of one run with no pre-token boundary counted exactly; past them a run is junk (a blob of
 * base64 or letters on one line, CJK or emoji without a space), which real prose never has this
 * much of, and its forced pieces are counted by the upper bound of one token per byte.
 */
export const EXACT_RUN_BYTES = 64 * 1024;
/** Code units counted in one call; per-call overhead is negligible from about 1 K up. */
const MAX_PIECE = 2048;

const utf8Bytes = (cp: number): number => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);

/** One piece to count on its own; `forced` when it ends inside a run, where BPE could have merged across. */
export interface TokenPiece {
  text: string;
  forced: boolean;
  /**
   * A forced piece that starts more than {@link EXACT_RUN_BYTES} into its run: to be counted as its
   * UTF-8 bytes, which no count can exceed (every byte-level BPE token holds at least one byte).
   */
  bound: boolean;
}

/**
 * Cuts `text` into consecutive pieces of at most about 2 K code units whose token counts sum to
 * the text's count, in one linear pass. Pieces end at pre-token boundaries (see {@link boundary}),
 * so on text whose runs between such boundaries stay under {@link MAX_RUN_BYTES} the sum is exact.
 * A longer run is cut inside, marked `forced`: each such cut may split what would have been one
 * token into two, so the sum may be over by about one token per forced cut (and in rare cases of
 * BPE's greedy merging, under by as much). Where a long run is cut depends on its content (a hash
 * of the two characters at the cut, between 48 and 128 bytes into the run), not on the offset the
 * count started from, so counting a slice of a run mostly meets the same pieces again, and the
 * encoder's merge cache answers them. Past {@link EXACT_RUN_BYTES} into one run, forced pieces are
 * marked `bound`. Whether a piece is forced or bound depends only on the text since the last
 * boundary, so text cut at a boundary (see {@link firstBoundary}) counts to the sum of its halves.
 */
export function* tokenPieces(text: string): Generator<TokenPiece> {
  let start = 0;
  // Where the current piece may still be closed exactly; -1 when no boundary was seen in it.
  let lastBoundary = -1;
  let runBytes = 0;
  // Bytes since the last boundary, across forced cuts.
  let runTotal = 0;
  let previous = Cls.Space;
  let previousCp = 0;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i) ?? 0;
    const cls = classOf(cp);
    const bytes = utf8Bytes(cp);
    if (i > start && boundary(previous, cls)) {
      runBytes = 0;
      runTotal = 0;
      lastBoundary = i;
    } else if (!(previous === Cls.Space && cls !== Cls.Space) && (runBytes + bytes > MAX_RUN_BYTES || (runBytes >= MIN_RUN_BYTES && (Math.imul(previousCp * 31 + cp, 0x9e3779b1) >>> 27) === 0))) {
      // Never right after a whitespace run: the encoders leave its last character to what follows
      // (`\s+(?!\S)`), so a cut there split two pre-tokens at once (63 no-break spaces then `+`
      // counted 2 under). The cut waits one character.
      yield { text: text.slice(start, i), forced: true, bound: runTotal - runBytes >= EXACT_RUN_BYTES };
      start = i;
      lastBoundary = -1;
      runBytes = 0;
    }
    if (i - start >= MAX_PIECE && lastBoundary > start) {
      yield { text: text.slice(start, lastBoundary), forced: false, bound: false };
      start = lastBoundary;
    }
    runBytes += bytes;
    runTotal += bytes;
    previous = cls;
    previousCp = cp;
    i += cp > 0xffff ? 2 : 1;
  }
  if (start < text.length) yield { text: text.slice(start), forced: false, bound: false };
}

const codePointBefore = (text: string, end: number): number => {
  const low = text.charCodeAt(end - 1);
  const high = end >= 2 ? text.charCodeAt(end - 2) : 0;
  return low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff ? (text.codePointAt(end - 2) ?? low) : low;
};

/**
 * Where `text` can first be cut without changing any count: the smallest offset past its first
 * character at a pre-token boundary (see {@link boundary}), or its length when there is none. The
 * text before such an offset and the text after it count, alone, to the whole text's count.
 */
export function firstBoundary(text: string): number {
  let previous: Cls | undefined;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i) ?? 0;
    const cls = classOf(cp);
    if (previous !== undefined && boundary(previous, cls)) return i;
    previous = cls;
    i += cp > 0xffff ? 2 : 1;
  }
  return text.length;
}

/** Where `text` can last be cut without changing any count (see {@link firstBoundary}), or 0 when there is nowhere. */
export function lastBoundary(text: string): number {
  let end = text.length;
  if (end === 0) return 0;
  let after = codePointBefore(text, end);
  end -= after > 0xffff ? 2 : 1;
  while (end > 0) {
    const cp = codePointBefore(text, end);
    if (boundary(classOf(cp), classOf(after))) return end;
    after = cp;
    end -= cp > 0xffff ? 2 : 1;
  }
  return 0;
}

/** Whether `before + after` counts to the two counts' sum: their seam is a pre-token boundary, or one is empty. */
export function joinsAtBoundary(before: string, after: string): boolean {
  if (before === "" || after === "") return true;
  return boundary(classOf(codePointBefore(before, before.length)), classOf(after.codePointAt(0) ?? 0));
}
