import type { EvidenceLine } from "./author-evidence.js";

// A line that opens with a field label (`From: `, `Signed-off-by: `), or with one in quotation marks
// (`"From: Ann ..." at the top: no, this is Bo's patch`): a field cited, whose name is no one addressed.
// On the dev lists the quoted form kept one writer's own review trailer from naming them (269 body words).
const FIELD = /^\s*["'“‘]?[\p{L}-]+:\s/u;
// The quoted form within a line, up to its closing mark: where a paste lost its newlines, the line
// the writer opened with it runs on from the sentence before (`… if it should say "From: Ann ..." at`).
const CITED_FIELD = /["“‘][\p{L}-]+:\s[^"”’]*["”’]/gu;

/**
 * The capitalised words of a writer's own lines at a depth (not their sign-off, nor fields such as a
 * patch's `From:` and trailers): names as written, so that `mark` or `will` in prose is no name.
 */
export function ownWords(own: readonly EvidenceLine[]): Set<string> {
  const words = new Set<string>();
  for (const line of own) {
    if (line.role !== "content" || FIELD.test(line.text)) continue;
    const text = line.text.replace(CITED_FIELD, " ");
    if (!text.includes("@")) {
      for (const w of text.split(NOT_NAME_CHARACTERS)) addWord(words, w);
      continue;
    }
    // A name beside its address is a field's value, run into the text when a paste lost its
    // newlines (`... that commit Author: Ann Lee <ann@example.org> Date: ...`): no one addressed.
    const tokens = text.split(SPACES);
    tokens.forEach((token, i) => {
      if (!namesAddress(tokens, i)) for (const w of token.split(NOT_NAME_CHARACTERS)) addWord(words, w);
    });
  }
  return words;
}

/**
 * Adds a word of a writer's text, and the name a possessive is of (`David's patch`): a writer speaks
 * of others so, not of themselves. On the dev lists, of the top-level writers the turns name, the
 * four whose text holds the possessive of the name are all someone else (the writer one level down
 * naming the one quoted, `David's resizing the fdt`).
 */
function addWord(words: Set<string>, w: string): void {
  // Only capitalised words: a flattened paste runs a URL or a command into the text, and its
  // `kernel` (`git.kernel.org/…/linux/kernel/git`) kept `kernel test robot` from naming its own
  // report. Dev flattened +511 words, body unchanged.
  if (!CAPITALISED.test(w)) return;
  words.add(w);
  if (w.length > 3 && w.endsWith("'s")) words.add(w.slice(0, -2));
}

/** Whether the token at `i` is an address in angle brackets or one of up to three capitalised words before one. */
function namesAddress(tokens: readonly string[], i: number): boolean {
  for (let j = i; j <= i + 3 && j < tokens.length; j++) {
    const token = tokens[j] ?? "";
    if (ADDRESS.test(token)) return true;
    if (!CAPITALISED.test(token)) return false;
  }
  return false;
}

const SPACES = /\s+/u;
const ADDRESS = /^<[^\s<>@]+@[^\s<>]+>[,;]?$/u;
const CAPITALISED = /^\p{Lu}/u;

const NOT_NAME_CHARACTERS = /[^\p{L}'-]+/u;
