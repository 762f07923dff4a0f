import { namedIn } from "./score.js";
import type { Person } from "./load.js";

/**
 * Where a reply's body names its author, the first that holds: near the end of the unquoted text, lines
 * ending in a colon aside (a sign-off or signature), in an unquoted line ending in a colon (an attribution: a writer quoting
 * themselves), elsewhere in the unquoted text, only in quoted text, or nowhere (where `unknown` is right).
 */
export const NAMINGS = ["end", "attribution", "unquoted", "quoted", "nowhere"] as const;
export type Naming = (typeof NAMINGS)[number];

/** How many of the unquoted text's last lines with words count as its end (a closing, a name, a title, a company). */
const END_LINES = 8;
const QUOTED = /^\s*>/u;

/** Where `body` names `author` (see NAMINGS). */
export function whereNamed(body: string, author: Person): Naming {
  if (!namedIn(body, author)) return "nowhere";
  const lines = body.split("\n");
  const unquoted = lines.filter((l) => !QUOTED.test(l) && l.trim() !== "");
  const introduces = (l: string): boolean => l.trimEnd().endsWith(":");
  if (namedIn(unquoted.filter((l) => !introduces(l)).slice(-END_LINES).join("\n"), author)) return "end";
  if (namedIn(unquoted.filter(introduces).join("\n"), author)) return "attribution";
  if (namedIn(unquoted.join("\n"), author)) return "unquoted";
  return "quoted";
}
