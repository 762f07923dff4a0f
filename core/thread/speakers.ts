import type { Speaker } from "./model.js";
import { nameKey } from "./names.js";

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

const key = (name: string): string => nameKey(name);
const firstWord = (name: string): string => {
  const k = key(name);
  const space = k.indexOf(" ");
  return space < 0 ? k : k.slice(0, space);
};
// Archives redact domains (`jgg@xxxxxxxx`); the local part still identifies the person.
const isRedacted = (email: string): boolean => /@x{3,}$/iu.test(email);
const localPart = (email: string): string => email.split("@")[0] ?? email;
const emailKey = (email: string): string => (isRedacted(email) ? localPart(email) : email);
const isFullName = (name: string): boolean => key(name).includes(" ");

/**
 * Merges mentions into speakers: one person, one speaker. Mentions join when they share an address
 * (or the local part of a redacted one), a spelling of the name, or when one holds only a first name
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
  const byKey = new Map<string, number>();
  const link = (k: string, i: number): void => {
    const seen = byKey.get(k);
    if (seen === undefined) byKey.set(k, i);
    else union(seen, i);
  };
  // A redacted address (`jgg@xxxxxxxx`) matches a full one with the same local part; two full
  // addresses must match whole (`john@a.com` and `john@b.com` may be different people).
  const byLocalPart = new Map<string, number>();
  mentions.forEach((m, i) => {
    for (const e of m.emails) if (!isRedacted(e)) byLocalPart.set(localPart(e), byLocalPart.get(localPart(e)) ?? i);
  });
  mentions.forEach((m, i) => {
    // The same spelling is the same person, full name or not (`RickG` twice is one RickG).
    for (const e of m.emails) link(`e:${emailKey(e)}`, i);
    for (const n of m.names) link(`n:${key(n)}`, i);
    for (const e of m.emails.filter(isRedacted)) {
      const full = byLocalPart.get(localPart(e));
      if (full !== undefined) union(full, i);
    }
  });
  // First names only: join the single group whose full name starts with it.
  const fullNamesByFirst = new Map<string, number[]>();
  mentions.forEach((m, j) => {
    for (const n of m.names.filter(isFullName)) {
      const first = firstWord(n);
      const holders = fullNamesByFirst.get(first);
      if (holders === undefined) fullNamesByFirst.set(first, [j]);
      else holders.push(j);
    }
  });
  mentions.forEach((m, i) => {
    if (m.names.length === 0 || m.names.some(isFullName)) return;
    const groups = new Set((fullNamesByFirst.get(firstWord(m.names[0] ?? "")) ?? []).map(find));
    const [only] = groups;
    if (groups.size === 1 && only !== undefined) union(only, i);
  });

  const groups = new Map<number, Mention[]>();
  mentions.forEach((m, i) => {
    const root = find(i);
    const members = groups.get(root);
    if (members === undefined) groups.set(root, [m]);
    else members.push(m);
  });
  const speakers: Speaker[] = [];
  const idOf = new Map<Mention, string>();
  for (const members of groups.values()) {
    const id = `s${speakers.length + 1}`;
    speakers.push(toSpeaker(id, members));
    for (const m of members) idOf.set(m, id);
  }
  return { speakers, idOf };
}

function toSpeaker(id: string, members: readonly Mention[]): Speaker {
  const names = unique(members.flatMap((m) => m.names));
  const emails = unique(members.flatMap((m) => m.emails));
  // The most complete spelling wins: a full name over a first name, then the most frequent.
  const frequency = new Map<string, number>();
  for (const m of members) for (const n of m.names) frequency.set(key(n), (frequency.get(key(n)) ?? 0) + 1);
  const count = (n: string): number => frequency.get(key(n)) ?? 0;
  const best = [...names].sort((a, b) => Number(isFullName(b)) - Number(isFullName(a)) || count(b) - count(a))[0];
  const email = emails.find((e) => !isRedacted(e)) ?? emails[0] ?? null;
  const name = best ?? (email !== null ? (email.split("@")[0] ?? email) : (members[0]?.placeholder ?? "unknown"));
  const aliases = unique([...names, ...emails]).filter((a) => a !== name);
  return { id, name, email, aliases, known: best !== undefined || email !== null };
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
