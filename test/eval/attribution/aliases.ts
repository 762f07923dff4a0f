import { nameKey } from "../../../core/thread/names.js";
import type { Message } from "./load.js";

/*
 * One person, several names. The gold knows a person by the `From:` of one message, but people write
 * under other names too: the same address sends as `周多明` and as `Duoming Zhou`, or with no name at
 * all, and many sign with a name their header never gives (`greg k-h`, `Slava`, `tglx`, `M.`). A parser
 * that names the author by the sign-off the paste shows is right, and a paste that shows it names the
 * author. Both kinds of alias are learned from the set's own messages, never written by hand.
 */

/** How many of a person's messages must end with the same sign-off for it to be their alias. */
const SIGNED = 2;
/** How many of the last lines with words of a message's unquoted text can hold its sign-off. */
const END_LINES = 8;
/** A sign-off is short: a name, initials or a nickname, never a sentence, a title line or an address. */
const MAX_WORDS = 3;
const MAX_CHARS = 24;
/** A name's shape: letters, perhaps with dots, hyphens, apostrophes and spaces, after the dashes some sign with. */
const SIGN_OFF = /^[-~\u2013\u2014\s]*[\p{L}\p{M}][\p{L}\p{M}.'\u2019\s-]*$/u;
const QUOTED = /^\s*>/u;
/** The signature delimiter: what follows is a signature, not a sign-off. */
const SIGNATURE = /^-- ?$/u;

/**
 * Sets `aliases` on every message's `from`: the other `From:` names the same person sends under, and
 * the sign-offs (see `signOffsOf`) that end at least two of the person's own messages and no message of
 * anyone else's in the set. A sign-off many people write (`Thanks,`, `Cheers`, a company's name) is
 * nobody's alias. A person is every address and full name linked by a message that pairs them
 * (`Viacheslav Dubeyko` writes from two addresses, signing `Slava` from each once). Messages are
 * counted once each however many lists carry them.
 */
export function learnAliases(messages: readonly Message[]): void {
  const unique = new Map<string, Message>();
  for (const m of messages) unique.set(m.messageId ?? `${m.list}/${m.file}`, m);
  const people = new People();
  for (const m of unique.values()) people.link(m);
  const names = new Map<string, Set<string>>();
  const signers = new Map<string, Map<string, number>>();
  for (const m of unique.values()) {
    const person = people.of(m);
    if (person === null) continue;
    if (m.from.name !== null) (names.get(person) ?? names.set(person, new Set()).get(person))?.add(m.from.name);
    for (const line of signOffsOf(m.body)) {
      const by = signers.get(line) ?? new Map<string, number>();
      by.set(person, (by.get(person) ?? 0) + 1);
      signers.set(line, by);
    }
  }
  const signOffs = new Map<string, string[]>();
  for (const [line, by] of signers) {
    const [only, ...others] = [...by];
    if (only === undefined || others.length > 0 || only[1] < SIGNED || !startsLikeName(line, people.emails(only[0]), names.get(only[0]))) continue;
    signOffs.set(only[0], [...(signOffs.get(only[0]) ?? []), line]);
  }
  for (const m of messages) {
    const person = people.of(m);
    if (person === null) continue;
    const aliases = new Set([...(names.get(person) ?? []), ...(signOffs.get(person) ?? [])]);
    if (m.from.name !== null) aliases.delete(m.from.name);
    if (aliases.size > 0) m.from.aliases = [...aliases];
  }
}

/**
 * People as sets of the addresses and full names (two words or more: `Dan` is many people) that
 * messages pair, joined by union-find; a person is named by their set's root.
 */
class People {
  private readonly parent = new Map<string, string>();

  /** Joins a message's address and full name into one person. */
  link(m: Message): void {
    const [first, ...rest] = People.keys(m);
    if (first === undefined) return;
    for (const key of [first, ...rest]) if (!this.parent.has(key)) this.parent.set(key, key);
    for (const key of rest) this.parent.set(this.root(key), this.root(first));
  }

  /** The person who wrote a message, or null when its header names nobody. */
  of(m: Message): string | null {
    const key = People.keys(m)[0];
    return key === undefined || !this.parent.has(key) ? null : this.root(key);
  }

  /** A person's addresses. */
  emails(person: string): string[] {
    return [...this.parent.keys()].filter((k) => k.startsWith("@") && this.root(k) === person).map((k) => k.slice(1));
  }

  private root(key: string): string {
    let at = key;
    for (let up = this.parent.get(at); up !== undefined && up !== at; up = this.parent.get(at)) at = up;
    this.parent.set(key, at);
    return at;
  }

  private static keys(m: Message): string[] {
    const name = m.from.name === null ? "" : nameKey(m.from.name);
    return [m.from.email === null ? "" : `@${m.from.email}`, name.includes(" ") ? name : ""].filter((k) => k !== "");
  }
}

/**
 * Whether a sign-off starts as one of the person's names or their address does (`Slava` for
 * slava.dubeyko@, `M.` for Marc, `tglx` for tglx@), or is written in another script
 * (`周多明` for Duoming Zhou): a closing only one person happens to use (`Thx.`) seldom does.
 */
function startsLikeName(line: string, emails: readonly string[], names: ReadonlySet<string> | undefined): boolean {
  const words = [...emails.map((e) => e.split("@")[0] ?? ""), ...[...(names ?? [])].flatMap((n) => n.split(/[\s,.]+/u))].filter((w) => w !== "");
  const first = line.normalize("NFKD").toLowerCase().match(/\p{L}/u)?.[0];
  if (first === undefined) return false;
  return !/\p{Script=Latin}/u.test(first) || words.some((w) => w.normalize("NFKD").toLowerCase().startsWith(first));
}

/**
 * The lines that could be a message's sign-off: among the last lines with words of its unquoted text
 * above any signature, each short line shaped like a name (a few words of letters, perhaps with dots,
 * hyphens and apostrophes: no code, addresses, links, or a closing's comma), trimmed.
 */
export function signOffsOf(body: string): string[] {
  const lines = body.split(/\r?\n/u);
  const end = lines.findIndex((l) => SIGNATURE.test(l));
  const own = (end === -1 ? lines : lines.slice(0, end)).filter((l) => !QUOTED.test(l) && /\p{L}/u.test(l)).slice(-END_LINES);
  return [...new Set(own.map((l) => l.trim()).filter((l) => l.length <= MAX_CHARS && l.split(/\s+/u).length <= MAX_WORDS && SIGN_OFF.test(l)))];
}
