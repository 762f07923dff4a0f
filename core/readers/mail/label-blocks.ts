import { isBlank, type LabelledLine } from "./lines.js";

/*
 * A quoted block of `label: value` fields that is no mail header: a build robot's report (`url: …`,
 * `base: …`, `config: … (…-lkp@example.org/config)`, `compiler: …`), a tracker's ticket fields. The
 * header reader looks for `From:`; such a block names no one and is no one's prose either (dev-A
 * other→content -162 / -162 / -139 words headers/body/flat, dev-B -22 / -22 / 0, no content word lost).
 */

// A field's label: a word to three (`patch subject:`), then its colon and a value on the same line.
const FIELD = /^\s*\*?\p{L}[\p{L}\p{M}.'-]*(?: [\p{L}\p{M}.'-]+){0,2}\*?\s*[:：]\s+\S/u;
// Patch trailers look like fields but are the quoted writer's own lines (`Reviewed-by:`, `Fixes:`).
const TRAILER = /^\s*(?:[\w-]+-by|fixes|link|closes|cc)\s*:/iu;
// An address somewhere in the block (a robot's report links its archive by one).
const ADDRESS = /\S@\S/u;
// Three fields make a block: two may open a quoted sentence and a list (`Note: …` / `Also: …`).
const MIN_FIELDS = 3;

const isField = (text: string): boolean => FIELD.test(text) && !TRAILER.test(text);

/**
 * Marks quoted paragraphs that open on a run of at least three `label: value` fields, one of them with
 * an address, as header lines owned by no one: the fields and, where the paragraph ends a line or two
 * after the last field, the lines their values wrapped onto (as a header's are).
 */
export function markLabelBlocks(lines: LabelledLine[]): void {
  let start = 0;
  while (start < lines.length) {
    const depth = lines[start]?.depth ?? 0;
    let end = start;
    while (end < lines.length && lines[end]?.depth === depth && !isBlank(lines[end]?.text ?? "")) end++;
    if (end === start) {
      start++;
      continue;
    }
    if (depth > 0 && isField(lines[start]?.text ?? "")) markBlock(lines, start, end);
    start = end;
  }
}

/** Marks the block of the paragraph [start, end) when it holds enough fields and an address. */
function markBlock(lines: LabelledLine[], start: number, end: number): void {
  let fields = 0;
  let last = start;
  let address = false;
  for (let k = start; k < end; k++) {
    const text = lines[k]?.text ?? "";
    address ||= ADDRESS.test(text);
    if (!isField(text)) continue;
    fields++;
    last = k;
  }
  if (fields < MIN_FIELDS || !address) return;
  // One line past the last field is a wrapped value when the paragraph ends there; more is text.
  const stop = end - last <= 2 ? end : last + 1;
  for (let k = start; k < stop; k++) {
    const l = lines[k];
    if (l === undefined || l.role !== "content") continue;
    l.role = "header";
    l.owner = null;
  }
}
