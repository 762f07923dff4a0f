import type { Speaker } from "./model.js";
import { nameKey } from "./names.js";
import { isFamilyKey, keyHolds, personKeys, signOffKeys } from "./short-names.js";

/** One place in the text that names (or fails to name) the writer of some words. */
export interface Mention {
  names: string[];
  emails: string[];
  /** Shown when no name is ever learnt, e.g. `unknown (quoted at depth 2)`. */
  placeholder: string;
}

/** Creates a mention; empty names and addresses are left out. */
export function mention(name: string | null, email: string | null, placeholder: string): Mention {
  return { names: name === null ? [] : [name], emails: email === null ? [] : [email], placeholder };
}

// A name written as one word is one word (`Kai-Heng`, `Yu-Chun` sign with their given name): its
// parts run together, so that it is a given name alone that joins a full name (`Kai-Heng Feng`)
// rather than a full name of its own.
const key = (name: string): string => {
  const k = nameKey(name);
  return k.includes(" ") && !WRITTEN_SPACE.test(name.trim()) ? k.replace(/ /gu, "") : k;
};
const WRITTEN_SPACE = /\s/u;
/** The key of a name's first written word (`kaiheng` for `Kai-Heng Feng`), as a sign-off writes the given name. */
const writtenGiven = (name: string): string => key(name.trim().split(WRITTEN_SPACE)[0] ?? "");
// Both take a name's key.
const firstWord = (k: string): string => {
  const space = k.indexOf(" ");
  return space < 0 ? k : k.slice(0, space);
};
const isFullName = (k: string): boolean => k.includes(" ");
const lastWord = (k: string): string => k.slice(k.lastIndexOf(" ") + 1);
// `dan c`: a given name and the initial of the family name; `greg k h`, the initials of a family name
// in two parts (`greg k-h` for Greg Kroah-Hartman).
const endsWithInitial = (k: string): boolean => GIVEN_AND_INITIALS.test(k);
// Made once: a `\p{…}` literal in a function body is compiled into a `new RegExp` call on every run
// once the TypeScript is transformed.
const GIVEN_AND_INITIALS = /^[^ ]+(?: \p{L}){1,2}$/u;

// A full name's words written as one (`zhouwenqiang` for Wenqiang Zhou, as addresses and handles
// are made), kept apart from the given names indexed beside them.
const runTogether = (k: string): string => `+${k.replace(/ /gu, "")}`;
// A one-word lowercase name long enough to be two names run together rather than a given name alone.
const MIN_RUN_TOGETHER = 6;
const isHandle = (k: string, written: string | undefined): boolean =>
  !k.includes(" ") && k.length >= MIN_RUN_TOGETHER && written !== undefined && written === written.toLowerCase();

// `jan.kara@example.org`, `jan_kara@`: a local part of two runs of letters is most often the person's name.
const ADDRESS_NAME = /^(\p{L}{2,})[._](\p{L}{2,})@/u;

/** The full name an address spells (`Jan Kara` for `jan.kara@…`), as a list of none or one. */
function nameInAddress(email: string): string[] {
  const found = ADDRESS_NAME.exec(email);
  if (found === null) return [];
  const cap = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();
  return [`${cap(found[1] ?? "")} ${cap(found[2] ?? "")}`];
}
// Archives redact domains (`jgg@xxxxxxxx`); the local part still identifies the person.
const isRedacted = (email: string): boolean => /@x{3,}$/iu.test(email);
// Web archives also shorten the local part (`abc...@example.com`): the prefix and domain still point
// at one person when a single full address seen elsewhere has them.
const isAbbreviated = (email: string): boolean => email.includes("...@");
const localPart = (email: string): string => email.split("@")[0] ?? email;
const domainOf = (email: string): string => email.slice(email.lastIndexOf("@") + 1).toLowerCase();
// Case aside: mail clients and archives write the same address in either case.
const emailKey = (email: string): string => (isRedacted(email) ? localPart(email) : email).toLowerCase();
// A name of two or more words is the same name in any order (`Zi Yan` signing `Yan Zi`, `Kara Jan`
// for `Kara, Jan` once its comma is lost): the key's words, each once, sorted. One word stays itself.
function spellingKey(k: string): string {
  const space = k.indexOf(" ");
  if (space < 0) return k;
  // Most full names have two words: ordered by one comparison (as `sort` orders them), with no set or array.
  if (k.indexOf(" ", space + 1) < 0) {
    const a = k.slice(0, space);
    const b = k.slice(space + 1);
    return a === b ? a : a < b ? k : `${b} ${a}`;
  }
  return [...new Set(k.split(" "))].sort().join(" ");
}

/**
 * Merges mentions into speakers: one person, one speaker. Mentions join when they share an address
 * (or the local part of a redacted one), a spelling of the name (its words in any order, case, accents
 * and punctuation aside), or when one holds only a first name
 * (`-Daniel`) that matches exactly one full name seen elsewhere (`Daniel Vetter`).
 * Returns the speakers in order of first appearance and a map from each mention to its speaker id.
 */
export function mergeMentions(mentions: readonly Mention[]): { speakers: Speaker[]; idOf: Map<Mention, string> } {
  const parent = mentions.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] ?? i] ?? i;
    return i;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  // A person is mentioned again and again with the same name and address (the bench's 10 MB paste:
  // 14,183 mentions, 127 different). A repeat joins the first mention like it at once, as the links
  // below would, and the steps whose outcome depends only on a mention's words read the first alone.
  const firstLike = firstOfEach(mentions);
  // Every step below compares names by their key: computed once per name.
  const nameKeys: (readonly string[])[] = [];
  mentions.forEach((m, i) => {
    const first = firstLike[i] ?? i;
    nameKeys.push(first === i ? m.names.map(key) : (nameKeys[first] ?? []));
  });
  const link = (byKey: Map<string, number>, k: string, i: number): void => {
    const seen = byKey.get(k);
    if (seen === undefined) byKey.set(k, i);
    else union(seen, i);
  };
  // A redacted address (`jgg@xxxxxxxx`) matches a full one with the same local part; two full
  // addresses must match whole (`john@a.com` and `john@b.com` may be different people).
  const byLocalPart = new Map<string, number>();
  mentions.forEach((m, i) => {
    if (firstLike[i] !== i) return;
    for (const e of m.emails) if (!isRedacted(e)) byLocalPart.set(localPart(e), byLocalPart.get(localPart(e)) ?? i);
  });
  // Full addresses by domain, each address once, for the shortened ones to find theirs.
  const byDomain = new Map<string, { local: string; holder: number }[]>();
  const indexed = new Set<string>();
  mentions.forEach((m, i) => {
    if (firstLike[i] !== i) return;
    for (const e of m.emails) {
      const folded = e.toLowerCase();
      if (isRedacted(e) || isAbbreviated(e) || indexed.has(folded)) continue;
      indexed.add(folded);
      const list = byDomain.get(domainOf(e)) ?? [];
      list.push({ local: localPart(folded), holder: i });
      byDomain.set(domainOf(e), list);
    }
  });
  const byEmail = new Map<string, number>();
  const byName = new Map<string, number>();
  mentions.forEach((m, i) => {
    // A repeat shares every key of the first like it: the links would join it to that one's group.
    const first = firstLike[i] ?? i;
    if (first !== i) {
      union(first, i);
      return;
    }
    // The same spelling is the same person, full name or not (`RickG` twice is one RickG); so are the
    // same words of a full name in another order.
    for (const e of m.emails) link(byEmail, emailKey(e), i);
    for (const k of nameKeys[i] ?? []) link(byName, spellingKey(k), i);
    for (const e of m.emails) {
      const full = isRedacted(e) ? byLocalPart.get(localPart(e)) : undefined;
      if (full !== undefined) union(full, i);
    }
  });
  mentions.forEach((m, i) => {
    for (const e of m.emails) {
      if (!isAbbreviated(e)) continue;
      const prefix = localPart(e).toLowerCase().slice(0, -3);
      const holders = (byDomain.get(domainOf(e)) ?? []).filter((a) => prefix !== "" && a.local.startsWith(prefix)).map((a) => a.holder);
      const only = singleGroup(holders, find);
      if (only !== null) union(only, i);
    }
  });
  // First names only: join the single group whose full name starts with it; `Dan C` the single
  // group whose full name it abbreviates. An address shaped `jan.kara@` spells a full name too.
  const fullNames = new Map<string, number[]>();
  const index = (k: string, j: number): void => {
    const holders = fullNames.get(k);
    if (holders === undefined) fullNames.set(k, [j]);
    else holders.push(j);
  };
  const indexFullName = (k: string, j: number): void => {
    if (!isFullName(k) || endsWithInitial(k)) return;
    index(firstWord(k), j);
    index(`${firstWord(k)} ${lastWord(k).charAt(0)}`, j);
    const rest = k.slice(k.indexOf(" ") + 1).split(" ");
    if (rest.length === 2) index(`${firstWord(k)} ${rest.map((w) => w.charAt(0)).join(" ")}`, j);
    index(runTogether(k), j);
    index(runTogether(`${lastWord(k)} ${k.slice(0, k.lastIndexOf(" "))}`), j);
  };
  // The names written, then those the addresses spell; looped over in place, as there is one pass per mention.
  // The name an address spells is read once per address: a person's address recurs in every mention of them.
  const spelled = new Map<string, string[]>();
  // A repeat is in its first's group, which is indexed already: a holder more in one group changes no lookup.
  nameKeys.forEach((keys, j) => {
    if (firstLike[j] !== j) return;
    keys.forEach((k, x) => {
      indexFullName(k, j);
      // A given name written in parts (`Kai-Heng Feng`) is also found as it is signed (`Kai-Heng`).
      const given = writtenGiven(mentions[j]?.names[x] ?? "");
      if (isFullName(k) && !endsWithInitial(k) && given !== firstWord(k) && given !== "") index(given, j);
    });
    for (const e of mentions[j]?.emails ?? []) {
      let names = spelled.get(e);
      if (names === undefined) spelled.set(e, (names = nameInAddress(e).map(key)));
      for (const k of names) indexFullName(k, j);
    }
  });
  // Whether a mention's words make it ask: the same for a repeat as for the first like it.
  const asks = new Uint8Array(mentions.length);
  nameKeys.forEach((keys, i) => {
    const [k] = keys;
    const first = firstLike[i] ?? i;
    const asking = first === i ? !keys.some((x) => isFullName(x) && !endsWithInitial(x)) : asks[first] === 1;
    if (k === undefined || !asking) return;
    asks[i] = 1;
    const holders = [...(fullNames.get(endsWithInitial(k) ? k : firstWord(k)) ?? []), ...(isHandle(k, mentions[i]?.names[0]) ? (fullNames.get(runTogether(k)) ?? []) : [])];
    if (holders.length === 0) return;
    const only = singleGroup(holders, find);
    if (only !== null) union(only, i);
  });

  joinVariants(nameKeys, union);
  joinShortNames(mentions, nameKeys, find, union);

  const groups = new Map<number, { members: Mention[]; keys: (readonly string[])[] }>();
  mentions.forEach((m, i) => {
    const root = find(i);
    const group = groups.get(root);
    const keys = nameKeys[i] ?? [];
    if (group === undefined) groups.set(root, { members: [m], keys: [keys] });
    else {
      group.members.push(m);
      group.keys.push(keys);
    }
  });
  const speakers: Speaker[] = [];
  const idOf = new Map<Mention, string>();
  for (const { members, keys } of groups.values()) {
    const id = `s${speakers.length + 1}`;
    speakers.push(toSpeaker(id, members, keys));
    for (const m of members) idOf.set(m, id);
  }
  return { speakers, idOf };
}

/**
 * For each mention, the index of the first mention with the same names and addresses (itself when
 * none came before). A mention with neither (a placeholder) is only ever like itself.
 */
function firstOfEach(mentions: readonly Mention[]): Int32Array {
  const first = new Int32Array(mentions.length);
  // Keyed by the words joined; the arrays are compared too, as a name may hold the joining character.
  const byWords = new Map<string, number>();
  mentions.forEach((m, i) => {
    first[i] = i;
    if (m.names.length === 0 && m.emails.length === 0) return;
    const words = `${m.names.join("\n")}\t${m.emails.join("\n")}`;
    const seen = byWords.get(words);
    const like = seen === undefined ? undefined : mentions[seen];
    if (like !== undefined && sameWords(like.names, m.names) && sameWords(like.emails, m.emails)) first[i] = seen ?? i;
    else if (seen === undefined) byWords.set(words, i);
  });
  return first;
}

const sameWords = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Joins two-word names with one family name whose given names differ by one letter: one person's
 * name transliterated two ways (`Dmitry` / `Dmitriy`, `Sergey` / `Sergei`) or mistyped. Both given
 * names have four letters or more, and the family name six or more: among short family names
 * (`Wang`, `Li`, `Smith`) two people whose given names differ by a letter are common. Two words one
 * edit apart share a spelling with one letter or none taken out, so each name is looked up under
 * those few spellings rather than compared with every other. On the dev lists this puts 1,190 more
 * words of body-only pastes with their writer.
 */
function joinVariants(nameKeys: readonly (readonly string[])[], union: (a: number, b: number) => void): void {
  const holderOf = new Map<string, number>();
  const seen = new Set<string>();
  nameKeys.forEach((keys, j) => {
    for (const k of keys) {
      const space = k.indexOf(" ");
      if (space < 4 || space !== k.lastIndexOf(" ") || k.length - space - 1 < 6 || seen.has(k)) continue;
      seen.add(k);
      const given = k.slice(0, space);
      const family = k.slice(space);
      // From the second letter on: cutting the first would let `Dana` meet `Lana`.
      for (let cut = 1; cut <= given.length; cut++) {
        const variant = `${cut === given.length ? given : given.slice(0, cut) + given.slice(cut + 1)}${family}`;
        const holder = holderOf.get(variant);
        if (holder === undefined) holderOf.set(variant, j);
        else union(holder, j);
      }
    }
  });
}

/**
 * Joins a group known only by one-word names (a sign-off: `--D`, `Thanks, SJ`, `Mikukas`, `Slava`)
 * to the one person named elsewhere in the paste (a full name or an address) whom the name is a
 * short form of: their given name's first letter, their initials, their given name give or take a
 * letter or its opening letters, a middle name, or a word of their address (see short-names.ts).
 * When two people fit, it joins neither.
 * Every group is judged as it stood before this step, so one join cannot lead to another.
 */
function joinShortNames(mentions: readonly Mention[], nameKeys: readonly (readonly string[])[], find: (i: number) => number, union: (a: number, b: number) => void): void {
  const identified = new Set<number>();
  mentions.forEach((m, i) => {
    if (m.emails.length > 0 || (nameKeys[i] ?? []).some(isFullName)) identified.add(find(i));
  });
  const asking = mentions.flatMap((m, i) => (m.names.length > 0 && !identified.has(find(i)) ? [i] : []));
  // Most pastes have no one named by a short name only: the people are indexed only when one is.
  if (asking.length === 0) return;
  const index = new Map<string, { holder: number; name: string | null }[]>();
  const seen = new Set<string>();
  // A person named a thousand times gives the same keys each time: each name and addresses of a
  // person is keyed once, as every key of a repeat would be skipped below anyway.
  // Looked up group, then name, then addresses: strings the mention holds, no key made and hashed per mention.
  const keyed = new Map<number, Map<string | null, Set<string>>>();
  mentions.forEach((m, j) => {
    const root = find(j);
    if (!identified.has(root)) return;
    const emails = m.emails.join("\n");
    let byName = keyed.get(root);
    if (byName === undefined) keyed.set(root, (byName = new Map()));
    for (const name of m.names.length > 0 ? m.names : [null]) {
      let held = byName.get(name);
      if (held === undefined) byName.set(name, (held = new Set()));
      if (held.has(emails)) continue;
      held.add(emails);
      for (const k of personKeys(name, m.emails)) {
        // Each key once per person and name: a person named a thousand times is indexed as once.
        const once = `${k} ${root} ${name ?? ""}`;
        if (seen.has(once)) continue;
        seen.add(once);
        const holders = index.get(k);
        if (holders === undefined) index.set(k, [{ holder: j, name }]);
        else holders.push({ holder: j, name });
      }
    }
  });
  const fits = new Map<number, Set<number>>();
  for (const family of [false, true]) {
    for (const i of asking) {
      const here = fits.get(find(i)) ?? new Set<number>();
      fits.set(find(i), here);
      // A family name's opening is read only for a sign-off no key of a given name fits.
      if (family && here.size > 0) continue;
      for (const signed of mentions[i]?.names ?? []) {
        for (const k of signOffKeys(signed)) {
          if (isFamilyKey(k) !== family) continue;
          for (const { holder, name } of index.get(k) ?? []) if (keyHolds(k, signed, name)) here.add(find(holder));
        }
      }
    }
  }
  for (const [root, people] of fits) if (people.size === 1) for (const person of people) union(person, root);
}

/**
 * The one group all `holders` (mention indexes) belong to, or null when they are in several. Read
 * from the end, holders in the last one's group are dropped as they are read, and reading stops at
 * the first other group: a first name shared by thousands of people costs each lookup a few steps,
 * and since groups only ever merge, a dropped holder never tells anything new.
 */
function singleGroup(holders: number[], find: (i: number) => number): number | null {
  const last = holders.pop();
  if (last === undefined) return null;
  const root = find(last);
  while (holders.length > 0 && find(holders[holders.length - 1] ?? last) === root) holders.pop();
  holders.push(last);
  return holders.length === 1 ? root : null;
}

/** The speaker for a group of mentions; `nameKeys[j]` holds the keys of `members[j].names`. */
function toSpeaker(id: string, members: readonly Mention[], nameKeys: readonly (readonly string[])[]): Speaker {
  // Each spelling once, the first seen (as `unique` keeps them), and how often each key was written.
  const names: string[] = [];
  const keys: string[] = [];
  const seen = new Set<string>();
  const frequency = new Map<string, number>();
  members.forEach((m, j) => {
    m.names.forEach((n, x) => {
      const k = nameKeys[j]?.[x] ?? key(n);
      frequency.set(k, (frequency.get(k) ?? 0) + 1);
      if (seen.has(k || n)) return;
      seen.add(k || n);
      names.push(n);
      keys.push(k);
    });
  });
  const emails = unique(members.flatMap((m) => m.emails));
  // The most complete spelling wins: a full name over a first name, then the most frequent, then the first.
  let best: string | undefined;
  let bestFull = false;
  let bestCount = 0;
  for (let i = 0; i < names.length; i++) {
    const k = keys[i] ?? "";
    // `Dan C.` is a short form of the name as much as `Dan` is.
    const full = isFullName(k) && !endsWithInitial(k);
    const count = frequency.get(k) ?? 0;
    if (best === undefined || (full && !bestFull) || (full === bestFull && count > bestCount)) {
      best = names[i];
      bestFull = full;
      bestCount = count;
    }
  }
  // Only short spellings (`Uli`, `-jk`): the address may spell the full name (`ulrich.teichert@`).
  if (!bestFull) {
    const spelled = emails.flatMap(nameInAddress)[0];
    if (spelled !== undefined) {
      if (best !== undefined) names.push(best);
      best = spelled;
    }
  }
  const email = emails.find((e) => !isRedacted(e) && !isAbbreviated(e)) ?? emails[0] ?? null;
  const name = best ?? (email !== null ? (email.split("@")[0] ?? email) : (members[0]?.placeholder ?? "unknown"));
  const aliases = unique([...names, ...names.flatMap(withoutComment), ...emails]).filter((a) => a !== name);
  return { id, name, email, aliases, known: best !== undefined || email !== null };
}

/**
 * A display name without the comment after it (`Russell King (Oracle)` → `Russell King`), as a list of
 * none or one: the comment names an employer or a role, and the person also writes without it.
 * Scanned, not matched: the brackets are found from the end.
 */
function withoutComment(name: string): string[] {
  if (!name.endsWith(")")) return [];
  const open = name.lastIndexOf("(");
  const bare = open > 0 ? name.slice(0, open).trim() : "";
  return bare === "" || bare.includes("(") || name.indexOf(")") < name.length - 1 ? [] : [bare];
}

function unique(values: readonly string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => {
    const k = key(v) || v;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
