import { corpusBodies } from "../tools/corpus.js";
import { flatten } from "./thread-generator.js";

/**
 * Hostile inputs for the parser, chunker, token counter and offline summariser: each generator is
 * deterministic (seeded) and returns text of exactly the requested size in UTF-8 bytes, so a bench
 * can compare every shape with real mail of the same size. Shapes follow the slow and crashing
 * paths of issue #11: long runs without spaces, `/@` and `<@` alternations, `>` marker runs,
 * attribution, sign-off and header lines by the thousand, deep nesting, one huge line, raw mail.
 */

/** Which real-mail baseline a generator is compared with: line structure matters to the parser. */
export type Shape = "multiline" | "flat";

export interface HostileGenerator {
  name: string;
  /** What it stresses, for the bench's legend. */
  about: string;
  shape: Shape;
  /** A raw mail file (the raw-mail reader drops its headers, so "every word kept" does not apply). */
  raw: boolean;
  /** Text of exactly `bytes` UTF-8 bytes; the same `bytes` and `seed` give the same text. */
  make(bytes: number, seed?: number): string;
}

/** The size unit of the bench: the input limit is 2 MiB, so "2 MB" is the limit exactly. */
export const MB = 1024 * 1024;

const DEFAULT_SEED = 11;

/** mulberry32: a small, fast, seeded PRNG; returns floats in [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;
const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));

/**
 * Cuts `text` to at most `bytes` UTF-8 bytes on a character boundary, then pads it with `pad` (one
 * ASCII character) to exactly `bytes`.
 */
export function fit(text: string, bytes: number, pad = "x"): string {
  const buf = Buffer.from(text, "utf8");
  let cut = Math.min(bytes, buf.length);
  // Back off continuation bytes (10xxxxxx) so no character is cut in half.
  while (cut > 0 && cut < buf.length && ((buf[cut] ?? 0) & 0xc0) === 0x80) cut--;
  const kept = buf.subarray(0, cut).toString("utf8");
  return kept + pad.repeat(bytes - cut);
}

/** Pieces from `next(i)` joined until they reach `bytes`, then {@link fit} to it exactly. */
function fill(bytes: number, next: (i: number) => string, pad = "x"): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const piece = next(i);
    if (piece === "") throw new Error("a hostile generator produced an empty piece");
    parts.push(piece);
    size += Buffer.byteLength(piece, "utf8");
  }
  return fit(parts.join(""), bytes, pad);
}

/** `head`, then `unit` repeated to fill the room left, then `tail`: exactly `bytes` (units are ASCII). */
function framed(bytes: number, head: string, unit: string, tail: string): string {
  const room = bytes - Buffer.byteLength(head) - Buffer.byteLength(tail);
  if (room < 0) return fit(head + tail, bytes);
  return head + fit(unit.repeat(Math.ceil(room / unit.length)), room) + tail;
}

const LETTERS = [..."abcdefghijklmnopqrstuvwxyz"];
const BASE64 = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"];
const EMOJI = ["😀", "🎉", "👍🏽", "🧑‍💻", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🔥", "✨", "🇩🇪", "❤️"];
const WORDS = [
  "the", "queue", "drains", "when", "device", "resets", "and", "we", "should", "keep", "legacy", "path",
  "driver", "patch", "maintainer", "review", "memory", "lock", "interrupt", "because", "however", "not",
  "agree", "this", "breaks", "userspace", "revert", "series", "version", "test", "fails", "on", "arm64",
];
const SYLLABLES = ["ka", "lo", "mi", "ren", "to", "sa", "vi", "dun", "be", "ro", "ta", "nel", "gu", "fi", "mar", "jo"];
const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** A pronounceable word unique to `n` (its digits in base 16, one syllable per digit). */
function syllables(n: number, min: number): string {
  let out = "";
  let k = n;
  do {
    out += SYLLABLES[k % SYLLABLES.length];
    k = Math.floor(k / SYLLABLES.length);
  } while (k > 0 || out.length < min);
  return out;
}

const capital = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);

/** A person unique to `i`: distinct names make distinct speakers. */
function person(i: number): { name: string; email: string; first: string } {
  const first = capital(syllables(i, 4));
  const last = capital(syllables(i * 7 + 3, 5));
  return { first, name: `${first} ${last}`, email: `${first.toLowerCase()}.${last.toLowerCase()}@example.org` };
}

function sentence(rng: Rng, words = int(rng, 5, 14)): string {
  const ws = Array.from({ length: words }, () => pick(rng, WORDS));
  return `${capital(ws.join(" "))}.`;
}

function attributionLine(rng: Rng, who: string): string {
  return `On ${pick(rng, DAYS)}, ${int(rng, 1, 28)} ${pick(rng, MONTHS)} 2024, ${who} wrote:`;
}

/** One run of `alphabet` characters without a space. */
const run = (chars: readonly string[]) => (bytes: number, seed = DEFAULT_SEED): string => {
  const rng = prng(seed);
  return fill(bytes, () => Array.from({ length: 256 }, () => pick(rng, chars)).join(""));
};

// CJK Unified Ideographs U+4E00..U+9FFF: three bytes each.
const CJK = Array.from({ length: 0x9fff - 0x4e00 + 1 }, (_, i) => String.fromCodePoint(0x4e00 + i));

/** A shape with at least one `>` and distinct spacing: `>> >>>`, `> > >>`, `>>>>`. */
function markerShape(rng: Rng): string {
  const groups = Array.from({ length: int(rng, 1, 8) }, () => ">".repeat(int(rng, 1, 4)));
  return groups.reduce((s, g) => s + (s === "" ? "" : rng() < 0.5 ? " " : "  ") + g, "");
}

const PUNCT_LINE = [",", ", ", "(", ")", "[", "]", "{", "}", "<", ">", '"', "'", "“", "”", "«", "»", "  ", "\t", "   \t ", ";", ":", "--", "..."];
const CLOSINGS = ["Thanks,", "Thanks!", "Best regards,", "Kind regards,", "Regards,", "Cheers,", "Best,", "Sincerely,", "Thank you,", "BR,", "-- "];
const TITLES = ["Senior Software Engineer", "Principal Engineer, Kernel Team", "Maintainer", "Example Corp.", "Director of Engineering | Example Inc.", "Sent from my phone"];

const ATTRIBUTIONS: HostileGenerator = {
  name: "attributions",
  about: "thousands of 'On <date>, Name <addr> wrote:' each with one quoted line: many speakers",
  shape: "multiline",
  raw: false,
  make: (bytes, seed = DEFAULT_SEED) => {
    const rng = prng(seed);
    return fill(bytes, (i) => {
      const p = person(i);
      return `${attributionLine(rng, `${p.name} <${p.email}>`)}\n> ${sentence(rng)}\n${sentence(rng)}\n\n`;
    });
  },
};

const SIGNOFFS: HostileGenerator = {
  name: "signoffs",
  about: "closing, name and title lines (Thanks, / Best regards, / names / titles) repeated",
  shape: "multiline",
  raw: false,
  make: (bytes, seed = DEFAULT_SEED) => {
    const rng = prng(seed);
    return fill(bytes, (i) => {
      const r = rng();
      if (r < 0.35) return `${pick(rng, CLOSINGS)}\n`;
      if (r < 0.65) return `${person(i % 500).first}\n`;
      if (r < 0.8) return `${person(i % 500).name}\n${pick(rng, TITLES)}\n`;
      if (r < 0.9) return "\n";
      return `${sentence(rng)}\n`;
    });
  },
};

/**
 * The same shape with its line ends lost, as a web archive's copy gives it. Twice the bytes are made
 * and cut, so that collapsing blank lines leaves no padding run at the end.
 */
function flatTwin(gen: HostileGenerator): HostileGenerator {
  return { ...gen, name: `${gen.name}-flat`, about: `the ${gen.name} shape flattened to one line`, shape: "flat", make: (bytes, seed) => fit(flatten(gen.make(2 * bytes, seed)), bytes) };
}

/** Every hostile generator, in the order the bench prints them. */
export const HOSTILE: readonly HostileGenerator[] = [
  { name: "nospace-letters", about: "one run of letters without a space", shape: "flat", raw: false, make: run(LETTERS) },
  { name: "nospace-base64", about: "one run of base64 characters", shape: "flat", raw: false, make: run(BASE64) },
  { name: "nospace-cjk", about: "one run of CJK ideographs (3 bytes each)", shape: "flat", raw: false, make: run(CJK) },
  { name: "nospace-emoji", about: "one run of emoji, ZWJ sequences and flags", shape: "flat", raw: false, make: run(EMOJI) },
  {
    name: "base64-lines",
    about: "a pasted attachment: 76-column base64 lines",
    shape: "multiline",
    raw: false,
    make: (bytes, seed = DEFAULT_SEED) => {
      const rng = prng(seed);
      return fill(bytes, () => `${Array.from({ length: 76 }, () => pick(rng, BASE64)).join("")}\n`);
    },
  },
  { name: "slash-at", about: "/@/@/@... as the whole text", shape: "flat", raw: false, make: (bytes) => framed(bytes, "", "/@", "") },
  { name: "lt-at", about: "<@<@<@... as the whole text", shape: "flat", raw: false, make: (bytes) => framed(bytes, "", "<@", "") },
  // A chain of `/@` or `<@` as the name in a `From:` header or an attribution, followed by a real name:
  // the word after the chain is what made the old header and attribution patterns backtrack.
  ...(["/@", "<@"] as const).flatMap((unit): HostileGenerator[] => {
    const slug = unit === "/@" ? "slash-at" : "lt-at";
    return [
      {
        name: `from-${slug}`,
        about: `a From: header whose value is ${unit.repeat(3)}... then a name, at the start of a paste`,
        shape: "multiline",
        raw: false,
        make: (bytes) => framed(bytes, "From: ", unit, " Bob\nSubject: Re: the patch\n\nI agree with this.\n"),
      },
      {
        name: `attrib-${slug}`,
        about: `an attribution line naming ${unit.repeat(3)}... then a name as the author`,
        shape: "multiline",
        raw: false,
        make: (bytes) => framed(bytes, "On Mon, 1 Jan 2024, ", unit, " Bob wrote:\n> The queue drains.\nIt does not.\n"),
      },
    ];
  }),
  { name: "markers-run", about: "one run of > without spaces, then a word", shape: "flat", raw: false, make: (bytes) => framed(bytes, "", ">", " text") },
  { name: "markers-spaced", about: "one run of '> > > ...', then a word", shape: "flat", raw: false, make: (bytes) => framed(bytes, "", "> ", "text") },
  {
    name: "marker-shapes-flat",
    about: "a flattened paste with many distinct > run shapes between words",
    shape: "flat",
    raw: false,
    make: (bytes, seed = DEFAULT_SEED) => {
      const rng = prng(seed);
      return fill(bytes, () => `${markerShape(rng)} ${Array.from({ length: int(rng, 1, 3) }, () => pick(rng, WORDS)).join(" ")} `);
    },
  },
  {
    name: "marker-runs-long",
    about: "a flattened paste whose words are parted by long distinct > runs (20 to 90 bare, >> or >>> tokens)",
    shape: "flat",
    raw: false,
    make: (bytes, seed = DEFAULT_SEED) => {
      const rng = prng(seed);
      // Every run near the reader's limit and different from the last: each asks for its own readings.
      const run = (): string => Array.from({ length: int(rng, 20, 90) }, () => ">".repeat(rng() < 0.9 ? 1 : int(rng, 2, 3))).join(" ");
      return fill(bytes, () => `${run()} ${Array.from({ length: int(rng, 1, 3) }, () => pick(rng, WORDS)).join(" ")} `);
    },
  },
  ATTRIBUTIONS,
  SIGNOFFS,
  ...[ATTRIBUTIONS, SIGNOFFS].map(flatTwin),
  {
    name: "from-headers",
    about: "distinct From:/Sent:/To:/Subject: blocks, one short body each: many speakers",
    shape: "multiline",
    raw: false,
    make: (bytes, seed = DEFAULT_SEED) => {
      const rng = prng(seed);
      return fill(bytes, (i) => {
        const p = person(i);
        const when = `${pick(rng, DAYS)}, ${pick(rng, MONTHS)} ${int(rng, 1, 28)}, 2024 ${int(rng, 1, 12)}:${String(int(rng, 0, 59)).padStart(2, "0")} AM`;
        return `From: ${p.name} <${p.email}>\nSent: ${when}\nTo: list@example.org\nSubject: Re: the patch\n\n${sentence(rng)}\n\n`;
      });
    },
  },
  {
    name: "deep-nesting",
    about: "quote depth growing line by line to 500, then again",
    shape: "multiline",
    raw: false,
    make: (bytes, seed = DEFAULT_SEED) => {
      const rng = prng(seed);
      return fill(bytes, (i) => `${"> ".repeat((i % 500) + 1)}${sentence(rng)}\n`);
    },
  },
  {
    name: "line-words",
    about: "the whole text on one line: sentences of plain words",
    shape: "flat",
    raw: false,
    make: (bytes, seed = DEFAULT_SEED) => {
      const rng = prng(seed);
      return fill(bytes, () => `${sentence(rng)} `);
    },
  },
  {
    name: "line-punct",
    about: "the whole text on one line: words, commas, brackets, quote marks, whitespace runs",
    shape: "flat",
    raw: false,
    make: (bytes, seed = DEFAULT_SEED) => {
      const rng = prng(seed);
      return fill(bytes, () => (rng() < 0.5 ? `${pick(rng, WORDS)} ` : pick(rng, PUNCT_LINE)));
    },
  },
  {
    name: "quote-alternation",
    about: "'a.\\n> b.\\n' repeated",
    shape: "multiline",
    raw: false,
    make: (bytes) => framed(bytes, "", "a.\n> b.\n", ""),
  },
  {
    name: "mbox-tiny",
    about: "an mbox of many tiny messages from distinct senders",
    shape: "multiline",
    raw: true,
    make: (bytes, seed = DEFAULT_SEED) => {
      const rng = prng(seed);
      const body = fill(bytes, (i) => {
        const p = person(i);
        return (
          `From ${p.email} Mon Jan  1 00:00:00 2024\nFrom: ${p.name} <${p.email}>\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n` +
          `Subject: Re: the patch\nMessage-ID: <m${i}@example.org>\n\n${sentence(rng)}\n\n`
        );
      });
      // A cut in the middle of the last message is still an mbox; the text must end in a line end.
      return `${body.slice(0, -1)}\n`;
    },
  },
  {
    name: "eml-huge-header",
    about: "one .eml whose References: header folds thousands of message ids",
    shape: "multiline",
    raw: true,
    make: (bytes) => {
      const head =
        "Received: from mail.example.org by mx.example.org; Mon, 1 Jan 2024 00:00:00 +0000\n" +
        "From: Alice Example <alice@example.org>\nTo: list@example.org\nSubject: Re: the patch\n" +
        "Message-ID: <top@example.org>\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nReferences:";
      const tail = "\n\nI agree with this, the queue drains when the device resets.\n";
      return framed(bytes, head, " <0123456789abcdef@example.org>\n", tail);
    },
  },
];

// Common words that every copy after the first spells its own way (`the` → `the3`).
const COMMON = /\b(the|to|is|and|of|in|that|it|we|be|for|this)\b/gu;

/**
 * Real mail bodies of the corpus, concatenated round-robin. Each round after the first varies its
 * common words: a repeated paste is cheaper than real mail (repeated quotes and segments are read
 * once), so a baseline of verbatim copies would make every hostile shape look slow.
 */
function realMail(bytes: number, piece: (text: string) => string, sep: string): string {
  const bodies = corpusBodies().map((b) => piece(b.text));
  if (bodies.length === 0) throw new Error("no corpus bodies in test/fixtures/corpus");
  return fill(bytes, (i) => {
    const round = Math.floor(i / bodies.length);
    const body = bodies[i % bodies.length] ?? "";
    return `${round === 0 ? body : body.replace(COMMON, `$1${round}`)}${sep}`;
  }, " ");
}

/** Real mail at the same sizes: what every hostile shape is measured against. */
export const BASELINES: Record<Shape, HostileGenerator> = {
  multiline: {
    name: "real-multiline",
    about: "corpus bodies as sent, one after another",
    shape: "multiline",
    raw: false,
    make: (bytes) => realMail(bytes, (t) => t, "\n\n"),
  },
  flat: {
    name: "real-flat",
    about: "corpus bodies flattened (line ends to spaces): the whole text on one line",
    shape: "flat",
    raw: false,
    make: (bytes) => realMail(bytes, flatten, " "),
  },
};

/** Baselines first, then every hostile generator. */
export const ALL_GENERATORS: readonly HostileGenerator[] = [BASELINES.multiline, BASELINES.flat, ...HOSTILE];
