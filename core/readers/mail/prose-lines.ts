import { parseAttribution } from "./attribution.js";
import { isClosing, signOffName } from "./boilerplate.js";

/*
 * Unquoted text in a flattened paste has no markers to show where its lines were. The structure
 * that matters downstream is the attribution line before a quote, the signature delimiter and
 * the sign-off; everything else may stay one long line.
 */

const LEAD = /^(?:On|Le|Am|El|Il|Em|At|Op|Den|W|Quoting|In|\*|\d{4}年)$/u;
const MAX_ATTRIBUTION_WORDS = 40;

/** Splits the words of unquoted flattened text into lines at attributions, signatures and sign-offs. */
export function splitProse(words: readonly string[]): string[] {
  if (words.length === 0) return [];
  const attribution = attributionStart(words);
  const body = words.slice(0, attribution);
  const lines = splitSignature(body);
  if (attribution < words.length) lines.push(words.slice(attribution).join(" "));
  return lines.filter((l) => l !== "");
}

/** Index where a trailing attribution (`On <date>, Name <addr> wrote:`) begins, or `words.length`. */
function attributionStart(words: readonly string[]): number {
  const last = words[words.length - 1] ?? "";
  if (!last.endsWith(":")) return words.length;
  let best = words.length;
  let bestLead = false;
  for (let k = words.length - 1; k >= Math.max(0, words.length - MAX_ATTRIBUTION_WORDS); k--) {
    const tok = words[k] ?? "";
    const before = words[k - 1];
    const boundary = before === undefined || /[.?!:;)"']$|^--$/u.test(before) || signOffName(before) !== null;
    if (!boundary || !/^[\p{Lu}\p{N}*"]/u.test(tok)) continue;
    const found = parseAttribution(words.slice(k).join(" "));
    if (found === null || (found.name === null && found.email === null)) continue;
    if (found.name === null && k < words.length - 3) continue;
    const lead = LEAD.test(tok);
    // The longest reading that still names someone, preferring one that opens like an attribution.
    if (lead || !bestLead) {
      best = k;
      bestLead = lead;
    }
  }
  return best;
}

/** Splits off `-- ` signatures and trailing sign-offs (`Thanks, Jason`, `-Daniel`) as lines of their own. */
function splitSignature(words: readonly string[]): string[] {
  const delimiter = words.lastIndexOf("--");
  const main = delimiter === -1 ? words : words.slice(0, delimiter);
  const lines = splitSignOff(main);
  if (delimiter !== -1) lines.push("-- ", words.slice(delimiter + 1).join(" "));
  return lines;
}

function splitSignOff(words: readonly string[]): string[] {
  for (let k = Math.max(0, words.length - 4); k < words.length; k++) {
    const tail = words.slice(k).join(" ");
    const prev = words[k - 1];
    if (prev !== undefined && !/[.?!,:;)]$/u.test(prev)) continue;
    const closingAt = findClosing(words, k);
    if (signOffName(tail) !== null || isClosing(tail)) {
      const start = closingAt ?? k;
      return [words.slice(0, start).join(" "), ...(closingAt === undefined ? [] : [words.slice(closingAt, k).join(" ")]), tail].filter(
        (l) => l !== "",
      );
    }
  }
  return [words.join(" ")];
}

/** A closing phrase (`Thanks,`, `Best regards,`) ending right before index `k`. */
function findClosing(words: readonly string[], k: number): number | undefined {
  for (let start = Math.max(0, k - 3); start < k; start++) {
    if (isClosing(words.slice(start, k).join(" "))) return start;
  }
  return undefined;
}
