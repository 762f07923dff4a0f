/** Helpers for people's names and addresses as mail clients write them. */

// Archives hide addresses from harvesters: `jgg at nvidia.com`, `jgg (at) nvidia.com`, `jgg [at] nvidia.com`.
// The host that follows the word, matched in place: dotted labels ending in a top-level domain. It
// starts where a label cannot continue, so even moved along a text it tries each label run once.
const HIDDEN_HOST = /(?<![\p{L}\p{N}-])[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}(?![\p{L}\p{N}])/uy;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;

/**
 * Writes hidden addresses (`name at host.org`) as addresses again: every `name at host.org`, with
 * `name` the whole run of address characters before the word, becomes `name@host.org`.
 */
export function revealEmails(text: string): string {
  // Scanned from one `at` to the next rather than with an unanchored pattern: a pattern would try
  // every position of the text, and every Gmail attribution (`On <date> at 9:39 AM`) has the word.
  let out = "";
  // Text before `done` is settled: copied to `out`, or part of a revealed address.
  let done = 0;
  for (let a = text.indexOf("at", 1); a >= 0; a = text.indexOf("at", a + 1)) {
    const word = hiddenAtWord(text, a);
    if (word === 0) continue;
    // The word starts with its space (` at `, ` (at) `): the name runs up to that space.
    const at = a - (word === 4 ? 1 : 2);
    const nameStart = addressRunStart(text, at, done);
    if (nameStart === at) continue;
    HIDDEN_HOST.lastIndex = at + word;
    const host = HIDDEN_HOST.exec(text);
    if (host === null) continue;
    out += `${text.slice(done, at)}@${host[0]}`;
    done = HIDDEN_HOST.lastIndex;
    // The search resumes after the host: words inside it belong to it.
    a = done - 1;
  }
  return done === 0 ? text : out + text.slice(done);
}

/** Length of the hiding word (` at ` 4, ` (at) ` or ` [at] ` 6) around the `at` at index `a` (at least 1), or 0 for none. */
function hiddenAtWord(text: string, a: number): number {
  // Indices stay within the text: reading past its end would make the optimised code bail out.
  if (a + 3 > text.length) return 0;
  const before = text.charCodeAt(a - 1);
  const after = text.charCodeAt(a + 2);
  if (before === SPACE) return after === SPACE ? 4 : 0;
  const bracketed = (before === 0x28 && after === 0x29) || (before === 0x5b && after === 0x5d);
  return bracketed && a >= 2 && a + 4 <= text.length && text.charCodeAt(a - 2) === SPACE && text.charCodeAt(a + 3) === SPACE ? 6 : 0;
}

const SPACE = 0x20;

/** Start of the run of address characters (`[\p{L}\p{N}._%+'-]`) that ends at `end`, looking back no further than `floor`. */
function addressRunStart(text: string, end: number, floor: number): number {
  let i = end;
  while (i > floor) {
    const code = text.charCodeAt(i - 1);
    if (code < 0x80) {
      if (!isAsciiAddressChar(code)) break;
      i--;
      continue;
    }
    // A letter or digit outside ASCII, possibly written as a surrogate pair.
    const pair = code >= 0xdc00 && code <= 0xdfff && i - 2 >= floor && isHighSurrogate(text.charCodeAt(i - 2));
    const width = pair ? 2 : 1;
    if (!LETTER_OR_DIGIT.test(text.slice(i - width, i))) break;
    i -= width;
  }
  return i;
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
// `[A-Za-z0-9._%+'-]`
const isAsciiAddressChar = (code: number): boolean =>
  (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x2e || code === 0x5f || code === 0x25 || code === 0x2b || code === 0x27 || code === 0x2d;

/**
 * Where the e-mail addresses of a text are, leftmost first and not overlapping, as `[start, end)`:
 * a run of address characters, `@`, and a domain ending in a letter or digit. Looked for from each
 * `@`, not with a pattern tried at every position: a pattern would rescan every long word of a text
 * with no address in it, and most text has none.
 */
function* emailSpans(text: string): Generator<[number, number]> {
  // Text before `done` belongs to an address found already.
  let done = 0;
  for (let at = text.indexOf("@"); at >= 0; at = text.indexOf("@", at + 1)) {
    const start = addressRunStart(text, at, done);
    if (start === at) continue;
    EMAIL_DOMAIN.lastIndex = at + 1;
    if (!EMAIL_DOMAIN.test(text)) continue;
    done = EMAIL_DOMAIN.lastIndex;
    yield [start, done];
    at = done - 1;
  }
}

/** The first e-mail address in a string (also a hidden one, `name at host.org`), lowercased, or null. */
export function findEmail(raw: string): string | null {
  const text = revealEmails(raw);
  for (const [start, end] of emailSpans(text)) {
    // In a link's path (`https://patches.example.org/20240101.123-ann@example.org/`) the address is a
    // message's id, no one's mailbox: a signature of such links named its writer `20240101.123-ann`
    // (dev-C: 12 words misnamed in body and flat).
    if (text.charAt(start - 1) === "/") continue;
    const email = text.slice(start, end).toLowerCase();
    // List robots' addresses name no person; keeping them would merge everyone who posted through the list.
    return ROBOT_ADDRESS.test(email) ? null : email;
  }
  return null;
}

// What follows an address's `@`, matched in place: up to the run's last letter or digit.
const EMAIL_DOMAIN = /(?<=@)[\p{L}\p{N}.-]*[\p{L}\p{N}]/uy;
const ROBOT_ADDRESS = /^[^@]*(?:-(?:bounces|owner|request|admin)|^(?:no-?reply|mailer-daemon|postmaster))(?:\+[^@]*)?@/u;

/** Removes addresses and bracketed address parts: `<a@b>`, `[mailto:a@b]`, `(a@b)`, bare `a@b`. */
export function stripEmails(text: string): string {
  let out = revealEmails(text);
  // Each replacement runs only when its pattern can match: names are stripped on every attribution.
  if (out.includes("@")) out = out.replace(BRACKETED_EMAIL, " ");
  if (out.includes("@")) out = blankSpans(out, emailSpans(out));
  // Wrapping can cut an address from its brackets: `Name <` / `addr>`.
  if (out.includes("<") || out.includes(">")) out = out.replace(/[<>]/gu, " ");
  // Brackets left empty once their address is gone: `Name (<a@b>)`.
  if (out.includes("(") || out.includes("[")) out = out.replace(/[([]\s*[)\]]/gu, " ");
  return collapseSpaces(out).trim();
}

// The local part ends at the first `@`: the same texts match, and no two quantifiers share one.
const BRACKETED_EMAIL = /[<[(]\s*(?:mailto:)?[^<>[\]()\s@]*@[^<>[\]()]*[>\])]/giu;

/** The text with each of `spans` (`[start, end)`, in order, not overlapping) replaced by a space. */
export function blankSpans(text: string, spans: Iterable<readonly [number, number]>): string {
  let out = "";
  let done = 0;
  for (const [start, end] of spans) {
    out += `${text.slice(done, start)} `;
    done = end;
  }
  return out + text.slice(done);
}
// Whitespace other than a single space: only then does collapsing change anything.
const UNCOLLAPSED = /[^\S ]| {2}/u;

/** Every run of whitespace as one space (the text itself when there is nothing to collapse). */
export function collapseSpaces(text: string): string {
  return UNCOLLAPSED.test(text) ? text.replace(/\s+/gu, " ") : text;
}

// Words that open a phrase, never a name: pronouns, articles, conjunctions, prepositions.
const OPENS_PHRASE = new Set(
  "i me my we us our you your he him his she her it its they them their this that these those the a an and or but as if so to of in on at for with from by there here what which who when where why how".split(" "),
);
// Words that never begin or make up a person's name outside a name's own slot: those, and other
// function words, modals and greetings.
const NOT_NAME = new Set([
  ...OPENS_PHRASE,
  ..."is are was were be been has have had do does did not no yes all any some also just then than very too can will would should could may might must shall thanks thank regards cheers best hi hello dear ok okay sure well sorry agreed right".split(
    " ",
  ),
]);
const QUOTES = /["“”'‘’`]/u;
// Quote marks around a name or a word, but not an apostrophe inside one (`O'Brien`, `D’Angelo`). One
// mark at a time: the spaces they leave are collapsed anyway.
const QUOTING = /["“”`]|(?<!\p{L})['‘’]|['‘’](?!\p{L})/gu;
// Whitespace or punctuation at either end, which cleanName trims.
const EDGE_PUNCTUATION = /^[\s,;:*-]|[\s,;:*-]$/u;
// The runs of it at either end; the one at the end is tried only from where a run starts.
const EDGE_RUNS = /^[\s,;:*-]+|(?<![\s,;:*-])[\s,;:*-]+$/gu;
const PARTICLES = new Set("van von der den de da di du le la del della dos das bin ibn al el ter ten zu y".split(" "));

/**
 * Cleans a candidate display name and says whether it can be a person's name.
 * Accepts `Jason Gunthorpe`, `Dr. David Alan Gilbert`, `Saleem, Shiraz` (returned as `Shiraz Saleem`,
 * `Li, Ann (Teddy)` as `Ann Li (Teddy)`),
 * handles like `jgg`; rejects phrases such as `I think he`. For a span known to stand where a display
 * name does, `typed.capitalised` also accepts capitalised words that are small words too (`Will
 * Deacon`, `Baoquan He`), `typed.anyCase` words mixing capitalised and lowercase (`Rowland penny`),
 * and `typed.slot` lowercase small words too (`will schmidt`) unless a phrase's word opens the span
 * (`you`, `as jgg`), and one lowercase word among capitalised ones (`Steve deRosier`, `Rowland penny`).
 * `typed.address`, the writer's address, lets two family names before a comma invert where it agrees.
 */
export function cleanName(raw: string, typed: NameTypes = {}): string | null {
  // Sign-off checks ask it of the same few words over and over (2-3% of a flattened paste's parse):
  // the answers without a type are kept, bounded like `nameKey`'s.
  if (typed.capitalised === true || typed.slot === true || typed.anyCase === true || (typed.address ?? null) !== null) return cleanTyped(raw, typed);
  let name = cleaned.get(raw);
  if (name === undefined) {
    name = cleanTyped(raw, typed);
    if (cleaned.size > 50_000) cleaned.clear();
    cleaned.set(raw, name);
  }
  return name;
}

/** What a span known to stand where a display name does may hold (see `cleanName`). */
interface NameTypes {
  capitalised?: boolean;
  slot?: boolean;
  anyCase?: boolean;
  address?: string | null;
}

const cleaned = new Map<string, string | null>();

/** `cleanName`, worked out. */
function cleanTyped(raw: string, typed: NameTypes): string | null {
  // Each replacement runs only when it can change something: this runs on every attribution and sign-off.
  let name = QUOTES.test(raw) ? raw.replace(QUOTING, " ") : raw;
  name = collapseSpaces(name);
  if (EDGE_PUNCTUATION.test(name)) name = name.replace(EDGE_RUNS, "");
  name = name.trim();
  // A URL (`://`, `www.`, any `/`) or an address is no name.
  if (name === "" || name.length > 60 || name.includes("/") || name.includes("www.") || name.includes("@")) return null;
  const inverted = name.includes(", ") ? (INVERTED.exec(name) ?? addressedInversion(name, typed.address)) : null;
  if (inverted !== null) name = `${inverted[2]} ${inverted[1]}${inverted[3] === undefined ? "" : ` (${inverted[3]})`}`;
  if (name.includes(",")) return null;
  const words = name.split(" ");
  if (words.length > 6 || !ANY_LETTER.test(name)) return null;
  let lowerWords = 0;
  // Small words only a name's slot lets through, and words that are no small words at all.
  let slotSmall = 0;
  let nameWords = 0;
  // Display names may be nicknames led by a capitalised `The` (`The Lee-Man`); only with capitalised
  // words after it, so that `the` in a phrase still rules the phrase out.
  const nickname = words.length > 1 && words[0] === "The" && words.every((w, i) => i === 0 || OPENS_UPPERCASE.test(w));
  const named = nickname ? words.slice(1) : words;
  for (const [i, w] of named.entries()) {
    const folded = w.toLowerCase();
    // A capital with a full stop is an initial (`Jason A. Donenfeld`), not the article or pronoun it spells.
    const small = NOT_NAME.has(folded.includes(".") ? folded.replace(DOTS, "") : folded);
    // A phrase's word opening the span, or making it up alone, makes a phrase of it (`I`, `you`, `as jgg`).
    const phrase = i === 0 && OPENS_PHRASE.has(folded);
    if (!small) nameWords++;
    else if (!isInitial(w) && !(typed.capitalised === true && OPENS_UPPERCASE.test(w) && !(phrase && named.length === 1))) {
      // In a name's slot a lowercase small word may be a name's (`will schmidt`, `baoquan he`).
      if (typed.slot !== true || phrase) return null;
      slotSmall++;
    }
    if (startsLowercase(w) && !PARTICLES.has(w)) lowerWords++;
  }
  // Small words with nothing else (`will`, `may be`) are a phrase, even in a name's slot.
  if (slotSmall > 0 && nameWords === 0) return null;
  // Names are capitalised, apart from particles (`van`, `de`) and all-lowercase handles (`jgg`).
  // In a name's slot one lowercase word is a name's however cased (`Tamsin orlo`, `Orin Vale - QA
  // admin`); more of them read as a phrase or a role (`Some regression tracking`).
  const anyCase = typed.anyCase === true || (typed.slot === true && lowerWords <= 1);
  if (!anyCase && lowerWords > 0 && lowerWords < words.length) return null;
  return name;
}

function startsLowercase(word: string): boolean {
  // ASCII letters decided without the Unicode pattern.
  const first = word.charCodeAt(0);
  if (first >= 0x61 && first <= 0x7a) return true;
  if (first >= 0x41 && first <= 0x5a) return false;
  return OPENS_LOWERCASE.test(word);
}

// cleanName runs on every attribution and sign-off: its patterns are made once, not on each call.
// `Kara, Jan`: family name, comma, given names. The family name is one word, after lowercase particles
// only (`van der Berg, Jan`; a capitalised `Van` or `Al` may be a given name). Two words of a name
// before the comma are a whole name, and what follows it a company or a title (`Jan Novak, Acme`),
// unless the address agrees with the inversion (below).
// A comment after the given names stays after the whole name: `Li, Yunxiang (Teddy)` → `Yunxiang Li (Teddy)`.
const GIVEN_NAMES = String.raw`, ([\p{L}'.-]+(?: [\p{L}'.-]+){0,2}) ?(?:\(([\p{L}'. -]+)\))?$`;
const INVERTED = new RegExp(String.raw`^((?:(?:${[...PARTICLES].join("|")}) ){0,3}[\p{L}'-]+)` + GIVEN_NAMES, "u");
// `Garcia Lopez, Maria`: two family names, taken as such only where the address spells the given name.
const TWO_FAMILY_NAMES = new RegExp(String.raw`^([\p{L}'-]+ [\p{L}'-]+)` + GIVEN_NAMES, "u");

/** `Family Family, Given` inverted where a word of the address's local part (`maria.garcia@…`) is the first given name. */
function addressedInversion(name: string, address: string | null | undefined): RegExpExecArray | null {
  if (address === null || address === undefined) return null;
  const two = TWO_FAMILY_NAMES.exec(name);
  const given = two?.[2]?.split(" ")[0];
  if (two === null || given === undefined) return null;
  const local = nameKey(address.split("@")[0] ?? "").split(" ");
  return local.includes(nameKey(given)) ? two : null;
}
const ANY_LETTER = /\p{L}/u;
const OPENS_UPPERCASE = /^\p{Lu}/u;
const OPENS_LOWERCASE = /^\p{Ll}/u;
const DOTS = /[.]/gu;
const isInitial = (word: string): boolean => word.length === 2 && word.charCodeAt(1) === 0x2e && OPENS_UPPERCASE.test(word);

const keys = new Map<string, string>();

/** Lowercase, transliterated, accent-free, whitespace-collapsed form used to compare names (memoised: names repeat). */
export function nameKey(name: string): string {
  let key = keys.get(name);
  if (key === undefined) {
    key = name
      .toLowerCase()
      // The spellings people use without the letter: `König`/`Koenig`, `Håkon`/`Haakon`, `Søren`/`Soeren`.
      .replace(/[äæ]/gu, "ae")
      .replace(/[öø]/gu, "oe")
      .replace(/ü/gu, "ue")
      .replace(/å/gu, "aa")
      .replace(/ß/gu, "ss")
      // Letters with a stroke or without a dot have no accent to strip: `Łukasz` is written `Lukasz`.
      .replace(/ł/gu, "l")
      .replace(/đ/gu, "d")
      .replace(/ı/gu, "i")
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .replace(/[^\p{L}\p{N} ]+/gu, " ")
      .replace(/\s+/gu, " ")
      .trim();
    // Bounded so that a long-running worker does not keep every name it ever saw.
    if (keys.size > 50_000) keys.clear();
    keys.set(name, key);
  }
  return key;
}

/** The given name of a display name, as people call each other: its first word (`Jan` of `Jan Kara`), past a title (`Dr.`). */
export function givenName(name: string): string {
  const words = name.trim().split(WHITESPACE);
  // A title before the name (`Dr. Hannes Reinecke` signs `Cheers, Hannes`) is no given name: a signature
  // read in columns names such a writer, and the sign-off must still agree with it (dev: 6 words kept).
  return (words.length > 2 && isHonorific(words[0] ?? "") ? words[1] : words[0]) ?? name;
}

const WHITESPACE = /\s+/u;
const HONORIFIC = /^(?:Dr|Prof|Mr|Mrs|Ms)\.?$/u;

/** Whether `word` is a title written before a name (`Dr.`, `Prof`, `Mrs.`), its full stop optional. */
export const isHonorific = (word: string): boolean => HONORIFIC.test(word);

/**
 * Whether `called` (what a greeting or a sign-off calls someone: `Paul`, `Paul Menzel`) is how one
 * calls `name`: the whole name or its given name, case aside.
 */
export function calls(called: string, name: string): boolean {
  const c = called.toLowerCase();
  const n = name.toLowerCase();
  return c === n || c === givenName(n);
}

/** A display name for an address that came without one: its local part, e.g. `jgg`. */
export function nameFromEmail(email: string): string {
  return email.split("@")[0] ?? email;
}
