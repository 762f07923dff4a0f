import { unflatten } from "../../core/readers/mail/unflatten.js";

/** A paste that lost its newlines: every line of the message joined by one space. */
export const flat = (lines: string[]): string => lines.join(" ");

/** The depth `unflatten` gives the first rebuilt line holding `needle` (undefined when none does). */
export const depthOf = (text: string, needle: string): number | undefined => unflatten(text, undefined, true)?.find((l) => l.text.includes(needle))?.depth;
