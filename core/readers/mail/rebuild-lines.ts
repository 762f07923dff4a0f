import { parseAttribution } from "./attribution.js";
import type { Trace } from "./beam-trace.js";
import type { FlatPieces } from "./flat-pieces.js";
import { endsOnColon, quotedLine, type LabelledLine } from "./lines.js";
import { splitProse } from "./prose-lines.js";

/*
 * The flat reader's last step (see unflatten.ts): the cheapest reading's path back through the
 * pieces, rebuilt as lines.
 */

/**
 * Whether a piece read as a quoted line (`words[0..split)`) and unquoted text after it is one
 * attribution, its writer's address on the quoted line: the unquoted text only finishes it.
 */
function opensAttribution(words: readonly string[], split: number, run: readonly number[]): boolean {
  if (!endsOnColon(words[words.length - 1] ?? "")) return false;
  const email = parseAttribution(words.join(" "))?.email;
  if (email === undefined || email === null) return false;
  // GroupWise's own `>>>` may have been read as a prefix on the name alone (`>>> Ann` / `Lee <ann@…>
  // schrieb am … in Nachricht <id>:`): the piece is still one attribution when all of it reads as one.
  if (run.length === 1 && run[0] === 3 && splitProse(words).length === 1) return words.some((w) => w.includes(email));
  return words.slice(0, split).some((w) => w.includes(email));
}

/** The lines of a flattened line as the search read them: quoted lines at their depths, unquoted prose cut into its lines. */
export function reconstruct(pieces: FlatPieces, trace: Trace): LabelledLine[] {
  const out: LabelledLine[] = [];
  const { runs } = pieces;
  // Unquoted words not yet cut into lines: a `>` read as text (`if (x > 1)`) carries them on, and
  // only the whole stretch shows where a sign-off ends it (`... > 1; ... enumerations. Bruno`).
  let prose: string[] = [];
  const flush = (): void => {
    for (const text of splitProse(prose)) out.push(quotedLine(0, text));
    prose = [];
  };
  trace.path(0).forEach((at, i) => {
    if (i === 0) {
      prose = pieces.words(i);
      return;
    }
    const split = trace.split(at);
    const line = out[out.length - 1];
    if (trace.literal(at) && (prose.length > 0 || line !== undefined)) {
      const words = pieces.words(i);
      // The `>` and the words after it go on the line before; an unquoted rest follows it.
      const through = trace.depth(at) === 0 ? words.length : split;
      const marker = ">".repeat(runs[i - 1]?.[0] ?? 1);
      if (prose.length > 0) {
        prose.push(marker);
        for (let w = 0; w < through; w++) prose.push(words[w] ?? "");
      } else if (line !== undefined) line.text = [line.text, marker, ...words.slice(0, through)].join(" ");
      if (through < words.length) {
        flush();
        out.push(quotedLine(0, ""));
        prose = words.slice(through);
      }
      return;
    }
    flush();
    for (const b of trace.blanks(at)) out.push(quotedLine(b, ""));
    // Most pieces are one quoted line: its words are not needed apart.
    if (split >= pieces.wordCount(i)) {
      if (trace.depth(at) > 0) out.push(quotedLine(trace.depth(at), pieces.joined(i, split)));
      return;
    }
    const words = pieces.words(i);
    if (trace.depth(at) > 0 && opensAttribution(words, split, runs[i - 1] ?? [])) {
      // GroupWise marks its attribution like a quote (`>>> Ann Lee <ann@example.org> schrieb am
      // <date> in` / `Nachricht <id>:`); the line is the writer's, above the quote it introduces.
      out.push(quotedLine(0, ""), quotedLine(0, words.join(" ")));
      return;
    }
    // At depth 0 the run was quoted blank lines alone: the whole piece is reply, below its blank line.
    if (trace.depth(at) > 0) out.push(quotedLine(trace.depth(at), pieces.joined(i, split)));
    out.push(quotedLine(0, ""));
    prose = words.slice(split);
  });
  flush();
  return out;
}
