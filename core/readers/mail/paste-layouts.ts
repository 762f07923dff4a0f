/*
 * The line-length habits of a paste that lost its newlines, read from the stretches of words between
 * its marker runs: the width its quoted lines were wrapped at, or whole paragraphs on one line.
 */

// The width a paste is taken to be wrapped at when its own lines cannot tell.
const WRAP = 78;

/** Line-length habits of one paste: wrapped near 72 columns, or whole paragraphs on one line. */
export interface Layout {
  wrap: number;
  /** Unwrapped pastes can only end a quoted line at a sentence end; this caps how many are tried. */
  sentenceSplitsOnly: boolean;
}

// A stretch this long holds more than one wrapped line.
const LONG_STRETCH = 100;
// Stretches shorter than this (`Hi Jon,`, `1)`) say nothing about wrapping.
const TELLING_STRETCH = 20;
// How many long stretches in a row make a run of whole paragraphs.
const LONG_RUN = 3;
const WRAPPED_PARAGRAPHS: Layout = { wrap: 4000, sentenceSplitsOnly: true };

/**
 * Decides the paste's layout from the stretches between marker runs. In a wrapped paste almost all
 * of them are one quoted line (at most ~80 characters), the rest a quoted line plus an unquoted
 * reply: across the real corpus at most a tenth are longer than 100 characters. Pastes from clients
 * that send whole paragraphs as one line show a large share of long stretches. `lengths` are those of
 * the stretches between two runs, each as its words joined with single spaces.
 */
export function layoutOf(lengths: readonly number[]): Layout {
  const long = lengths.filter((n) => n > LONG_STRETCH).length;
  if (lengths.length >= 4 && long / lengths.length > 0.25) return WRAPPED_PARAGRAPHS;
  // The paste's own wrap width: nearly every single quoted line fits within it.
  // Sorted as a typed array (the same order for these whole numbers): a one-line paste has a
  // hundred thousand stretches, and a comparator called for each pair cost ~2% of its parse.
  const single = Int32Array.from(lengths.filter((n) => n <= LONG_STRETCH)).sort();
  const p95 = single[Math.floor(single.length * 0.95)] ?? WRAP;
  return { wrap: single.length >= 8 ? Math.min(100, Math.max(60, p95 + 2)) : WRAP, sentenceSplitsOnly: false };
}

/**
 * The layout of each stretch (`lengths` as for `layoutOf`, plus any after the last run). A thread
 * pasted whole mixes clients: an Outlook or Apple Mail reply quoting whole paragraphs after one `>`
 * each, above older mail wrapped at 72 columns. A long stretch in a run of long ones is such a
 * paragraph whatever the rest of the paste does: it may end early only at a sentence end, not at
 * the wrapped part's width (its tail then read as unquoted reply). The paste's last stretch, after
 * all runs, keeps the paste's layout.
 */
export function layoutsOf(lengths: readonly number[]): { paste: Layout; each: Layout[] } {
  const paste = layoutOf(lengths);
  // One layout a stretch, the last one's included: the search reads one for every piece, and an
  // array as long as that, never empty, keeps its reads in bounds and of one kind (V8 de-optimised
  // the search on the read past the end and on an empty array).
  const out = Array.from({ length: lengths.length + 1 }, () => paste);
  if (paste.sentenceSplitsOnly) return { paste, each: out };
  // Runs of long stretches, the short ones that tell nothing (`Hi Jon,`, `1)`) skipped.
  let start = 0;
  let count = 0;
  for (let i = 0; i <= lengths.length; i++) {
    const n = lengths[i] ?? 0;
    if (i < lengths.length && n < TELLING_STRETCH) continue;
    if (n > LONG_STRETCH) {
      if (count === 0) start = i;
      count++;
      continue;
    }
    if (count >= LONG_RUN) for (let k = start; k < i; k++) if ((lengths[k] ?? 0) > LONG_STRETCH) out[k] = WRAPPED_PARAGRAPHS;
    count = 0;
  }
  return { paste, each: out };
}
