import fc from "fast-check";
import type { Role } from "../../core/thread/model.js";
import type { Attribution, GoldToken } from "./score.js";

/**
 * fast-check arbitraries for nested reply chains rendered the way real mail clients render them,
 * each case carrying the word-level truth (who wrote every word, at which quote depth, in which role).
 *
 * Model: message i replies to message i-1 and quotes all of it, so in the newest message the text
 * at depth k was written by the author of the message k steps back. Only the newest message is
 * rendered; the top-level author is named only by a sign-off or `-- ` signature, which is what
 * makes depth-0 attribution derivable from the text alone.
 */

/** A participant. First names are unique within a thread so a first-name sign-off is unambiguous. */
export interface Person {
  first: string;
  last: string;
  /** `first last` */
  name: string;
  email: string;
}

/** Attribution-line styles of common clients (see {@link attributionLine}). */
export const ATTRIBUTION_STYLES = ["gmail", "mutt", "star", "gnus", "german", "french", "thunderbird"] as const;
export type AttributionStyle = (typeof ATTRIBUTION_STYLES)[number];

/** How a client adds a quote level: mutt always adds `> ` (`> > x`); Thunderbird adds `>` to quoted lines (`>> x`). */
export type QuoteStyle = "spaced" | "compact";

/** One message of the chain. Fields other than `author`/`paragraphs`/`date` describe the reply to its parent. */
export interface MessageSpec {
  /** Index into {@link ThreadSpec.people}. */
  author: number;
  /** Own paragraphs, each a line of sentences. */
  paragraphs: string[];
  date: Date;
  /** bottom: quote then own text; interleaved: own paragraphs between quoted blocks (last one at the end). */
  layout: "bottom" | "interleaved";
  /** Where interleaved paragraphs go; reduced modulo the number of valid gaps at render time. */
  placement: number[];
  attribution: AttributionStyle;
  quoteStyle: QuoteStyle;
}

/** Everything needed to render a case; rendering is deterministic. */
export interface ThreadSpec {
  people: Person[];
  messages: MessageSpec[];
  /** Sign-off valediction for the top-level author (`Thanks,` + first name); `""` means kernel-style `-First`. */
  signOff: string | null;
  /** Company line of a `-- ` signature for the top-level author, or null for no signature. */
  signature: string | null;
  /** Wrap attribution lines at 72 columns too, as Gmail does (`...<addr>` / `wrote:`). */
  wrapAttribution: boolean;
}

/** A rendered case: the multiline text, its flattened form and the gold word list. */
export interface ThreadCase {
  spec: ThreadSpec;
  /** The newest message body as a client would send it. */
  text: string;
  /** {@link flatten}ed `text`. */
  flat: string;
  /** One entry per word of `text` that is not a pure quote marker, in order. */
  gold: GoldToken[];
  /** `gold` plus the readings {@link flatAmbiguity} admits once newlines are lost; score `flat` against this. */
  flatGold: GoldToken[];
  topAuthor: Person;
}

/** Column limit, prefix included. */
export const WRAP_WIDTH = 72;

const FIRST_NAMES = [
  "Alice", "Bruno", "Chen", "Dana", "Elif", "Farid", "Greta", "Hiroshi", "Ingrid", "Jonas",
  "Kavya", "Lars", "Mei", "Nadia", "Oscar", "Priya", "Quentin", "Rosa", "Stefan", "Tomás",
  "Ulrike", "Viktor", "Wen", "Ximena", "Yusuf", "Zoë", "Jürgen", "Amélie", "Bogdan", "Siobhan",
];
const LAST_NAMES = [
  "Abernathy", "Brandt", "Castellano", "Dubois", "Eriksson", "Fischer", "Gallagher", "Haddad",
  "Ivanova", "Jensen", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quinlan",
  "Rossi", "Schäfer", "Tanaka", "Urquhart", "Varga", "Whitfield", "Xu", "Yilmaz", "Zimmermann",
  "O'Brien", "García", "Nguyen", "Müller",
];
const DOMAINS = ["example.com", "example.org", "example.net", "mail.example.com", "lists.example.org", "corp.example"];
const COMPANIES = [
  "Globex Corporation", "Initech GmbH", "Example Networks Ltd", "Acme Storage, Inc.", "Northwind Systems",
  "Contoso Research", "Vandelay Industries", "Software Engineer, Umbrella Labs",
];
const VALEDICTIONS = ["Thanks,", "Regards,", "Cheers,", "Best regards,", "Thanks!", "Best,", ""];

// A tiny grammar, so sentences read like list mail rather than word salad. `$X` slots take a word
// from the list of that name; everything else is literal. The last character is the punctuation.
const WORDS: Record<string, readonly string[]> = {
  $D: ["the", "this", "that", "our", "your", "each", "every", "any"],
  $N: [
    "driver", "patch", "queue", "lock", "buffer", "device", "kernel", "callback", "interface", "branch",
    "series", "test", "cache", "thread", "allocator", "counter", "release", "workload", "commit", "review",
    "header", "helper", "table", "pointer", "mapping", "register", "firmware", "config", "module", "benchmark",
    "regression", "proposal", "design", "policy", "document", "schedule", "vendor", "maintainer", "feature",
  ],
  $V: [
    "update", "drop", "flush", "handle", "break", "fix", "merge", "review", "test", "reject", "change",
    "move", "rework", "split", "revert", "check", "replace", "keep", "skip", "support", "expose", "track",
    "free", "reset",
  ],
  $V3: [
    "updates", "drops", "flushes", "handles", "breaks", "fixes", "merges", "reviews", "tests", "rejects",
    "changes", "moves", "reworks", "splits", "reverts", "checks", "replaces", "keeps", "skips", "supports",
    "exposes", "tracks", "frees", "resets",
  ],
  $A: [
    "stable", "broken", "simple", "slow", "fast", "shared", "unused", "optional", "expensive", "separate",
    "generic", "current", "old", "new", "clean", "racy", "safe", "reasonable", "obvious", "final",
  ],
  $R: ["quietly", "again", "correctly", "slowly", "twice", "today", "already", "reliably", "eventually", "later", "properly"],
  $P: ["for", "in", "with", "from", "under", "after", "before", "inside", "behind"],
  $S: ["when", "if", "before", "after", "because", "while", "unless", "once"],
};
const TEMPLATES = [
  "I think $D $N $V3 $D $N $P $D $A $N.",
  "$D $N $V3 $R, so we $V $D $N.",
  "Could you $V $D $A $N $P $D $N?",
  "Why does $D $N $V $D $N $S $D $N $V3?",
  "We should $V $D $N $S $D $N $V3 $R.",
  "$D $A $N $V3 $D $N, but $D $N $V3 $R.",
  "Is $D $N $A enough $P $D $N?",
  "That looks $A to me, and I would $V $D $N first.",
  "If $D $N $V3, $D $N $V3 $P $D $A $N.",
  "Maybe we can $V $D $N $P $D $N instead.",
  "What happens to $D $N $S $D $A $N $V3?",
  "I tested $D $N $P $D $A $N and it $V3 $R.",
  "Please $V $D $N $S you $V $D $N.",
  "Does $D $N still $V $D $N $P $D $N?",
  "In my experience $D $A $N $V3 $D $N $S $D $N is $A.",
  "Honestly, $D $N is $A and $D $N $V3 $R.",
].map((t) => t.split(" "));
const SLOTS = 12;

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;

function sentence(template: readonly string[], picks: readonly number[]): string {
  let slot = 0;
  const words = template.map((w) => {
    const key = w.replace(/[.,?]$/, "");
    const list = WORDS[key];
    return list === undefined ? w : pick(list, picks[slot++] ?? 0) + w.slice(key.length);
  });
  const text = words.join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const sentenceArb: fc.Arbitrary<string> = fc
  .tuple(fc.nat({ max: TEMPLATES.length - 1 }), fc.array(fc.nat(), { minLength: SLOTS, maxLength: SLOTS }))
  .map(([t, picks]) => sentence(pick(TEMPLATES, t), picks));

/** A paragraph of 1–4 sentences on one line (wrapping happens at render time). */
export const paragraphArb: fc.Arbitrary<string> = fc
  .array(sentenceArb, { minLength: 1, maxLength: 4 })
  .map((s) => s.join(" "));

const ascii = (s: string): string =>
  s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/[^A-Za-z]/g, "")
    .toLowerCase();

/** 2–4 people with distinct first and last names and plausible addresses. */
export const peopleArb: fc.Arbitrary<Person[]> = fc
  .uniqueArray(
    fc.record({
      first: fc.constantFrom(...FIRST_NAMES),
      last: fc.constantFrom(...LAST_NAMES),
      domain: fc.constantFrom(...DOMAINS),
      short: fc.boolean(),
    }),
    { minLength: 2, maxLength: 4, selector: (p) => p.first },
  )
  .filter((ps) => new Set(ps.map((p) => p.last)).size === ps.length)
  .map((ps) =>
    ps.map(({ first, last, domain, short }) => ({
      first,
      last,
      name: `${first} ${last}`,
      email: `${short ? ascii(first).charAt(0) + ascii(last) : `${ascii(first)}.${ascii(last)}`}@${domain}`,
    })),
  );

const messageArb = (peopleCount: number): fc.Arbitrary<Omit<MessageSpec, "author" | "date"> & { next: number; gap: number }> =>
  fc.record({
    // Offset to the next author, so consecutive messages never have the same author.
    next: fc.nat({ max: peopleCount - 2 }),
    // Minutes since the previous message.
    gap: fc.integer({ min: 1, max: 3 * 24 * 60 }),
    paragraphs: fc.array(paragraphArb, { minLength: 1, maxLength: 3 }),
    layout: fc.constantFrom("bottom" as const, "interleaved" as const),
    placement: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
    attribution: fc.constantFrom(...ATTRIBUTION_STYLES),
    quoteStyle: fc.constantFrom("spaced" as const, "compact" as const),
  });

/** Thread specs: 2–4 people, 1–5 messages, a closing that names the top-level author. */
export const threadSpecArb: fc.Arbitrary<ThreadSpec> = peopleArb.chain((people) =>
  fc
    .record({
      first: fc.nat({ max: people.length - 1 }),
      start: fc.date({ min: new Date("2005-01-01T00:00:00Z"), max: new Date("2025-12-31T00:00:00Z"), noInvalidDate: true }),
      messages: fc.array(messageArb(people.length), { minLength: 1, maxLength: 5 }),
      closing: fc.constantFrom("signoff", "signature", "both"),
      valediction: fc.constantFrom(...VALEDICTIONS),
      company: fc.constantFrom(...COMPANIES),
      wrapAttribution: fc.boolean(),
    })
    .map(({ first, start, messages, closing, valediction, company, wrapAttribution }) => {
      let author = first;
      let time = start.getTime();
      const specs = messages.map(({ next, gap, ...rest }, i) => {
        if (i > 0) author = (author + 1 + next) % people.length;
        time += gap * 60_000;
        return { ...rest, author, date: new Date(time) };
      });
      return {
        people,
        messages: specs,
        signOff: closing === "signature" ? null : valediction,
        signature: closing === "signoff" ? null : company,
        wrapAttribution,
      };
    }),
);

/** Rendered cases with gold; printed by fast-check as the multiline text so failures are readable. */
export const threadCaseArb: fc.Arbitrary<ThreadCase> = threadSpecArb.map(renderThread);

// ---------------------------------------------------------------------------------------------
// Rendering

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (n: number): string => String(n).padStart(2, "0");

/** The attribution line a client writes above the quote of `who`'s message sent at `date` (UTC). */
export function attributionLine(style: AttributionStyle, who: Person, date: Date): string {
  const d = {
    day: pick(DAYS, date.getUTCDay()),
    mon: pick(MONTHS, date.getUTCMonth()),
    date: date.getUTCDate(),
    month: date.getUTCMonth() + 1,
    year: date.getUTCFullYear(),
    h: date.getUTCHours(),
    m: two(date.getUTCMinutes()),
    s: two(date.getUTCSeconds()),
  };
  const h12 = d.h % 12 === 0 ? 12 : d.h % 12;
  const ampm = d.h < 12 ? "AM" : "PM";
  switch (style) {
    case "gmail":
      return `On ${d.day}, ${d.mon} ${d.date}, ${d.year} at ${h12}:${d.m} ${ampm} ${who.name} <${who.email}> wrote:`;
    case "mutt":
      return `On ${d.day}, ${d.mon} ${two(d.date)}, ${d.year} at ${two(h12)}:${d.m}:${d.s}${ampm} +0000, ${who.name} wrote:`;
    case "star":
      return `* ${who.name} <${who.email}> [${d.year}-${two(d.month)}-${two(d.date)} ${two(d.h)}:${d.m}]:`;
    case "gnus":
      return `${who.name} <${who.email}> writes:`;
    case "german":
      return `Am ${two(d.date)}.${two(d.month)}.${two(d.year % 100)} um ${two(d.h)}:${d.m} schrieb ${who.name}:`;
    case "french":
      return `Le ${two(d.date)}/${two(d.month)}/${d.year} à ${two(d.h)}:${d.m}, ${who.name} a écrit :`;
    case "thunderbird":
      return `On ${d.month}/${d.date}/${d.year} ${h12}:${d.m} ${ampm}, ${who.name} wrote:`;
  }
}

/** Collapses line breaks (and the blank lines between paragraphs) to single spaces, as a web archive copy does. */
export function flatten(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .join(" ");
}

/** A run of lines sharing owner, depth and role; `depth` is relative to the message being built. */
interface Block {
  depth: number;
  role: Role;
  speaker: Person | null;
  /** Raw lines; a wrapped block has one line that is re-wrapped at render time. */
  lines: string[];
  wrap: boolean;
  /** Glued to the previous block without a blank line (sign-off then signature). */
  tight?: boolean;
}

/** Blocks of message `i` with its whole quoted ancestry, depths relative to message `i`. */
function messageBlocks(spec: ThreadSpec, i: number): Block[] {
  const msg = spec.messages[i];
  if (msg === undefined) return [];
  const author = pick(spec.people, msg.author);
  const own: Block[] = msg.paragraphs.map((p) => ({ depth: 0, role: "content", speaker: author, lines: [p], wrap: true }));
  const parent = spec.messages[i - 1];
  if (parent === undefined) return own;
  const quoted = messageBlocks(spec, i - 1).map((b) => ({ ...b, depth: b.depth + 1 }));
  const attribution: Block = {
    depth: 0,
    role: "attribution",
    speaker: null,
    lines: [attributionLine(msg.attribution, pick(spec.people, parent.author), parent.date)],
    wrap: spec.wrapAttribution,
  };
  if (msg.layout === "bottom") return [attribution, ...quoted, ...own];
  // Replies only follow quoted content (never directly an attribution), and the last one closes the message.
  const gaps = quoted.flatMap((b, j) => (b.role === "content" ? [j + 1] : []));
  const at = own.map((_, k) => (k === own.length - 1 ? quoted.length : pick(gaps, msg.placement[k] ?? 0))).sort((a, b) => a - b);
  const out: Block[] = [attribution];
  let k = 0;
  quoted.forEach((b, j) => {
    out.push(b);
    while (k < own.length && at[k] === j + 1) out.push(own[k++] as Block);
  });
  return out;
}

/** The prefix of a line at `depth`: each quoting message adds one level in its own style, innermost first. */
function quotePrefix(spec: ThreadSpec, depth: number): string {
  const top = spec.messages.length - 1;
  let prefix = "";
  for (let m = top - depth + 1; m <= top; m++) {
    const style = spec.messages[m]?.quoteStyle ?? "spaced";
    prefix = style === "compact" && prefix.startsWith(">") ? `>${prefix}` : `> ${prefix}`;
  }
  return prefix;
}

/** Greedy word wrap so that prefix + line fits `WRAP_WIDTH`; a word too long for a line gets its own. */
function wrapWords(text: string, prefix: string): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && prefix.length + line.length + 1 + word.length > WRAP_WIDTH) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines;
}

/** Renders a spec to the newest message's body plus its gold words. */
export function renderThread(spec: ThreadSpec): ThreadCase {
  const top = spec.messages.at(-1);
  if (top === undefined) throw new Error("a thread needs at least one message");
  const topAuthor = pick(spec.people, top.author);
  const blocks = messageBlocks(spec, spec.messages.length - 1);
  if (spec.signOff !== null) {
    const lines = spec.signOff === "" ? [`-${topAuthor.first}`] : [spec.signOff, topAuthor.first];
    blocks.push({ depth: 0, role: "signature", speaker: topAuthor, lines, wrap: false });
  }
  if (spec.signature !== null) {
    // "-- " keeps its trailing space: that is the standard signature delimiter.
    const lines = ["-- ", topAuthor.name, spec.signature];
    blocks.push({ depth: 0, role: "signature", speaker: topAuthor, lines, wrap: false, tight: spec.signOff !== null });
  }

  const out: string[] = [];
  const gold: GoldToken[] = [];
  const rendered: RenderedLine[] = [];
  blocks.forEach((b, j) => {
    const prev = blocks[j - 1];
    if (prev !== undefined && !b.tight) {
      // A blank line after an attribution belongs to the quote it opens; otherwise to the shallower side.
      const depth = prev.role === "attribution" ? b.depth : Math.min(prev.depth, b.depth);
      out.push(quotePrefix(spec, depth).trimEnd());
    }
    const prefix = quotePrefix(spec, b.depth);
    const lines = b.wrap ? b.lines.flatMap((l) => wrapWords(l, prefix)) : b.lines;
    for (const line of lines) {
      out.push(prefix + line);
      rendered.push({ depth: b.depth, width: prefix.length + line.length, first: gold.length });
      for (const word of line.split(" ").filter((w) => w !== "")) {
        gold.push({
          word,
          speakerName: b.speaker?.name ?? null,
          speakerEmail: b.speaker?.email ?? null,
          depth: b.depth,
          role: b.role,
        });
      }
    }
  });
  const text = `${out.join("\n")}\n`;
  const result: ThreadCase = { spec, text, flat: flatten(text), gold, flatGold: flatAmbiguity(gold, rendered), topAuthor };
  // fast-check prints counterexamples with this; the text is what a reader needs to see.
  Object.defineProperty(result, fc.toStringMethod, { value: () => `ThreadCase(top=${topAuthor.name})\n${text}`, enumerable: false });
  return result;
}

/** A non-blank rendered line: its quote depth, full width, and the gold index of its first word. */
interface RenderedLine {
  depth: number;
  width: number;
  first: number;
}

/**
 * Once newlines are lost, nothing marks where the last quoted line before an unquoted reply ended:
 * it may end after any of its words but the first, or run on over the reply's first words as long
 * as it stays within {@link WRAP_WIDTH}. Words in that window get the other side as an accepted
 * alternative. Every other boundary keeps its `>` markers, so stays decidable.
 */
export function flatAmbiguity(gold: readonly GoldToken[], lines: readonly RenderedLine[]): GoldToken[] {
  const out = gold.map((t) => ({ ...t }));
  const reading = (t: GoldToken): Attribution => ({ speakerName: t.speakerName, speakerEmail: t.speakerEmail, depth: t.depth, role: t.role });
  lines.forEach((line, i) => {
    const next = lines[i + 1];
    if (line.depth === 0 || next?.depth !== 0) return;
    const quoted = out[line.first];
    const reply = out[next.first];
    if (quoted === undefined || reply === undefined) return;
    for (let k = line.first + 1; k < next.first; k++) {
      const t = out[k];
      if (t !== undefined) t.alt = reading(reply);
    }
    let width = line.width;
    for (let k = next.first; k < out.length; k++) {
      const t = out[k];
      if (t === undefined || t.depth !== 0) break;
      width += 1 + t.word.length;
      if (width > WRAP_WIDTH) break;
      t.alt = reading(quoted);
    }
  });
  return out;
}
