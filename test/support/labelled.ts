import { labelMessage } from "../../core/readers/mail/read-mail.js";
import { labelBody } from "../../core/readers/mail/body.js";
import { splitQuotePrefix, type LabelledLine } from "../../core/readers/mail/lines.js";

/** The body reader's labelled lines of a text, one line a line of the text. */
export const labelText = (text: string): LabelledLine[] => labelBody(text.split("\n").map(splitQuotePrefix)).lines;

/** The role and the writer's first name or address (or placeholder) of the first line that starts with `start`, or `missing`. */
export function roleAndWriter(lines: readonly LabelledLine[], start: string): string {
  const line = lines.find((l) => l.text.trimStart().startsWith(start));
  if (line === undefined) return "missing";
  const who = line.owner === null ? "-" : (line.owner.names[0] ?? line.owner.emails[0] ?? line.owner.placeholder);
  return `${line.role} ${who}`;
}

/** The first line of the whole-message reader's reading of `text` that holds `needle`. */
const lineWith = (text: string, needle: string): LabelledLine | undefined => labelMessage(text).lines.find((l) => l.text.includes(needle));

/** The role the whole-message reader gives the first line of `text` that holds `needle`. */
export const roleOf = (text: string, needle: string): string | undefined => lineWith(text, needle)?.role;

/** The names of the writer the whole-message reader gives the first line of `text` that holds `needle` (none when no line or no writer). */
export const namesAt = (text: string, needle: string): readonly string[] => lineWith(text, needle)?.owner?.names ?? [];
