import type { Role } from "../../thread/model.js";
import { mention, type Mention } from "../../thread/speakers.js";
import { danglingAttribution, parseAttribution, undecorated, type Attribution } from "./attribution.js";
import { attributionByEvidence } from "./attribution-evidence.js";
import { greetingName, isGreeting, nameFromEvidence } from "./author-evidence.js";
import { footerHits, isClosing, isRule, isSignatureDelimiter, isSnip, NOT_SIGNOFF, signOffName, startsWithOtherThan } from "./boilerplate.js";
import { isLoneSender, matchHeaderBlock, type HeaderBlock } from "./header-block.js";
import { ENDS_SENTENCE, isBlank, type QuotedLine } from "./lines.js";
import { cleanName, findEmail, stripEmails } from "../../thread/names.js";
import { repairRewrapped } from "./repair.js";

/** A body line with what it is and who wrote it. */
export interface LabelledLine extends QuotedLine {
  role: Role;
  /** The mention naming the writer; null for lines that belong to nobody (attributions, footers). */
  owner: Mention | null;
  /** Which message of a pasted chain the line belongs to (a new one starts at each top-level header block). */
  message: number;
}

/** Where a body came from, when the caller knows more than the text says. */
export interface BodyContext {
  /** Mention for the top-level author (e.g. from a parsed `From:` header). */
  author?: Mention;
  /** Message index of the first line. */
  firstMessage?: number;
}

/**
 * Labels every line of a message body: quote depth, role (content, attribution, header, signature,
 * footer, snip) and the mention of its writer. Depth d belongs to whoever the attribution (or
 * header block) that introduced depth d names; the top level belongs to the message author.
 */
export function labelBody(raw: readonly QuotedLine[], context: BodyContext = {}): { lines: LabelledLine[]; mentions: Mention[] } {
  const placeholders = new Map<string, Mention>();
  const lines = repairRewrapped(raw);
  // Computed once: every line is looked at as the end of up to three attribution windows.
  const endsAttribution = new Uint8Array(lines.length);
  for (let j = 0; j < lines.length; j++) endsAttribution[j] = endsLikeAttribution(lines[j]?.text ?? "") ? 1 : 0;
  const mentions: Mention[] = [];
  let message = context.firstMessage ?? 0;
  let owners: (Mention | undefined)[] = [context.author];
  if (context.author !== undefined) mentions.push(context.author);
  const ownerAt = (depth: number): Mention => {
    let m = owners[depth];
    if (m === undefined) {
      // The top-level author of each message is one mention whose name a sign-off may fill in later.
      m = depth === 0 ? mention(null, null, "unknown (author)") : placeholderAt(placeholders, mentions, depth);
      if (depth === 0) mentions.push(m);
      owners[depth] = m;
    }
    return m;
  };

  const out: LabelledLine[] = [];
  const push = (line: QuotedLine, role: Role, owner: Mention | null): void => {
    out.push({ depth: line.depth, text: line.text, role, owner, message });
  };
  let sawWords = false;
  let sawHeader = false;
  // The depth the last attribution named, while nothing but blank lines followed it (-1 otherwise).
  let stackedAt = -1;
  const addressed: { answerer: Mention; to: { name: string | null; email: string | null } }[] = [];
  const guessed: Signed[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line === undefined) break;
    const depth = line.depth;
    if (isBlank(line.text)) {
      push(line, "content", ownerAt(depth));
      i++;
      continue;
    }
    const stacked = stackedAt;
    stackedAt = -1;
    const header = matchHeaderBlock(lines, i);
    if (header !== null) {
      const opensPaste = depth === 0 && !sawWords && !sawHeader;
      sawHeader = true;
      if (header.quotes === true || (!opensPaste && introducesQuote(lines, header.end, depth))) {
        // `From: Name <addr>` / `Date: …` right above a deeper quote is that quote's attribution.
        const m = mentionOf(header.from) ?? placeholderAt(placeholders, mentions, depth + 1);
        if (m.placeholder === "") mentions.push(m);
        owners = owners.slice(0, depth + 1);
        owners[depth + 1] = m;
        for (; i < header.end; i++) push(lines[i] ?? line, "header", null);
        continue;
      }
      if (depth === 0 && sawWords && markPatchOpening(out)) {
        // `-- >8 --` or git's `From <commit> Mon Sep 17 00:00:00 2001` over the header: a patch the writer
        // sends in their own message, not a message of someone else's below theirs.
        for (; i < header.end; i++) push(lines[i] ?? line, "header", null);
        continue;
      }
      if (depth === 0 && sawWords) {
        // Outlook chains: the quoted message was addressed to the person who answered above it.
        const answerer = owners[0];
        if (answerer !== undefined && header.to !== null) addressed.push({ answerer, to: header.to });
        message++;
        owners = [];
      }
      const m = mentionOf(header.from);
      if (m !== undefined) mentions.push(m);
      owners = owners.slice(0, depth);
      owners[depth] = m ?? (depth === 0 ? undefined : placeholderAt(placeholders, mentions, depth));
      for (; i < header.end; i++) push(lines[i] ?? line, "header", null);
      continue;
    }
    const attribution = matchAttributionAt(lines, endsAttribution, i, mentions);
    if (attribution !== null) {
      const { name, email } = attribution.who;
      const m = name !== null || email !== null ? mention(name, email, "") : placeholderAt(placeholders, mentions, attribution.depth + 1);
      if (m.placeholder === "") mentions.push(m);
      // Apple Mail writes its attribution inside the quote, at the depth of the text it names; so does
      // any client when the quoted text that follows lost its markers.
      // Emacs clients open theirs with `>>>>> "Nick" == Name <addr> writes:`, markers that quote
      // nothing: a quote shallower than the line, whose depth nobody has named yet, is the one it names.
      const { nextDepth } = attribution;
      const decorated = nextDepth > 0 && nextDepth < attribution.depth && owners[nextDepth] === undefined;
      // In a stack of attributions one a depth (`On …, A wrote:` / `> On …, B wrote:`), the line above
      // already named this depth: the last one of the stack introduced a quote the writer cut, and the
      // text at its own depth is the one the line above names. Not when that text is indented: Gmail
      // and Google Groups quote the message they answer by indenting it under its attribution.
      const inStack = attribution.sameDepth && !attribution.apple && !attribution.indentedBelow && stacked === attribution.depth;
      const target = decorated ? nextDepth : attribution.sameDepth && !inStack ? attribution.depth : attribution.depth + 1;
      owners = owners.slice(0, target);
      owners[target] = m;
      stackedAt = target;
      for (; i < attribution.end; i++) push(lines[i] ?? line, "attribution", null);
      continue;
    }
    const dangling = matchDanglingAt(lines, i);
    if (dangling !== null) {
      // It introduced text the replier cut: only a deeper quote right under it is that writer's.
      if (dangling.introducesQuote) {
        const { name, email } = dangling.who;
        const m = name !== null || email !== null ? mention(name, email, "") : placeholderAt(placeholders, mentions, depth + 1);
        if (m.placeholder === "") mentions.push(m);
        owners = owners.slice(0, depth + 1);
        owners[depth + 1] = m;
      }
      for (; i < dangling.end; i++) push(lines[i] ?? line, "attribution", null);
      continue;
    }
    if (isLoneSender(lines, i)) {
      // Names the patch's author, not the writer of the text around it: the owners stay.
      push(line, "header", null);
      i++;
      continue;
    }
    if (isSignatureDelimiter(line.text) || opensInlineSignature(lines, i)) {
      const owner = ownerAt(depth);
      const end = signatureEnd(lines, endsAttribution, i);
      // The name under a closing inside the signature (`-- ` / `Thanks,` / `Jan`), or on the delimiter's own line.
      const first = isSignatureDelimiter(line.text) ? lines.slice(i + 1, end).find((l) => !isBlank(l.text) && !closingShaped(l.text))?.text : line.text.trim().slice(3);
      // A list footer after the delimiter (`xyz mailing list` / its address) names nobody.
      const found = first === undefined || footerHits(first) > 0 ? null : signatureName(first);
      // A name guessed from the start of a long line waits for the sign-offs: `Thanks,` / `Nicolai`
      // above `-- ` / `SUSE Software Solutions Germany GmbH, …` says who signed better.
      if (found?.guessed === true) guessed.push({ owner, name: found.name, email: findEmail(first ?? "") });
      else if (first !== undefined && footerHits(first) === 0) addIdentity(owner, found?.name ?? null, findEmail(first));
      for (; i < end; i++) push(lines[i] ?? line, "signature", owner);
      continue;
    }
    push(line, isSnip(line.text) ? "snip" : "content", ownerAt(depth));
    sawWords = true;
    i++;
  }
  markFooters(out);
  markSignOffs(out);
  for (const { owner, name, email } of guessed) addIdentity(owner, name, email);
  // Only a name the writer signed with can be completed from the To: line (never a guess from nothing).
  for (const { answerer, to } of addressed) if (answerer.names.length > 0) addIdentity(answerer, to.name, to.email);
  nameFromEvidence(out);
  return { lines: out, mentions };
}

// The line `git format-patch` opens each patch with.
const GIT_PATCH_FROM = /^From [0-9a-f]{40} Mon Sep 17 00:00:00 2001\s*$/u;
// Scissors (`-- >8 --`, `---8<---`): what follows is to be applied as a patch.
const SCISSORS = /^\s*-+ ?(?:>8|8<) ?-+\s*$/u;

/**
 * Whether the last line with words so far, at the top level, opens a patch (git's `From <commit>`
 * line or scissors); the git line is then part of the patch's header.
 */
function markPatchOpening(out: LabelledLine[]): boolean {
  for (let j = out.length - 1; j >= 0; j--) {
    const l = out[j];
    if (l === undefined || isBlank(l.text)) continue;
    if (l.depth !== 0) return false;
    if (GIT_PATCH_FROM.test(l.text)) {
      l.role = "header";
      l.owner = null;
      return true;
    }
    return SCISSORS.test(l.text);
  }
  return false;
}

/** The mention for a header block's `From`, when it names anyone. */
function mentionOf(from: HeaderBlock["from"]): Mention | undefined {
  return from !== null && (from.name !== null || from.email !== null) ? mention(from.name, from.email, "") : undefined;
}

/** Whether the first line with words from `from` on is quoted deeper than `depth`. */
function introducesQuote(lines: readonly QuotedLine[], from: number, depth: number): boolean {
  const next = nextNonBlank(lines, from);
  return next !== undefined && next.depth > depth;
}

/**
 * The placeholder mention for the unknown writers at a depth, one per body and depth.
 * A module function, not a closure in labelBody: a call site in optimised code that meets a
 * new closure (each call makes its own) bails out.
 */
function placeholderAt(placeholders: Map<string, Mention>, mentions: Mention[], depth: number): Mention {
  const label = depth === 0 ? "unknown (author)" : `unknown (quoted at depth ${depth})`;
  let m = placeholders.get(label);
  if (m === undefined) {
    m = mention(null, null, label);
    placeholders.set(label, m);
    mentions.push(m);
  }
  return m;
}

/**
 * An attribution spanning one to three lines at one depth (clients wrap long ones).
 * `endsAttribution[i]` is 1 when line i ends the way an attribution does.
 */
function matchAttributionAt(
  lines: readonly QuotedLine[],
  endsAttribution: Uint8Array,
  start: number,
  known: readonly Mention[],
): { end: number; who: Attribution; sameDepth: boolean; apple: boolean; indentedBelow: boolean; depth: number; nextDepth: number } | null {
  const first = lines[start];
  if (first === undefined) return null;
  // The first line of the window that ends like an attribution is the only one worth parsing at;
  // most windows have none.
  const stop = Math.min(lines.length, start + 3);
  let end = start;
  while (end < stop && endsAttribution[end] !== 1) end++;
  if (end === stop) return null;
  // GroupWise opens its wrapped attribution with `>>> ` (`>>> Name <addr> schrieb am <date> in` /
  // `Nachricht <id>:`): the first line reads deeper than the rest, which hold the true depth.
  const depth = end > start ? Math.min(first.depth, lines[start + 1]?.depth ?? first.depth) : first.depth;
  const raised = depth < first.depth;
  for (let j = start; j <= end; j++) {
    const line = lines[j];
    if (line === undefined || (line.depth !== depth && j > start) || isBlank(line.text)) return null;
    // A wrapped attribution never breaks after a finished sentence: that line was prose.
    if (j < end && endsWithStop(line.text)) return null;
    // Nor does one open on a closing (`Best,`): that is the sign-off of the text above it.
    if (j === start && j < end && isClosing(line.text)) return null;
  }
  // A snip marker right under an attribution (`[skip]`) stands for quoted text cut there: what follows it says whether a quote is introduced.
  const next = nextWords(lines, end + 1, depth);
  const introducesQuote = next !== undefined && next.depth > depth;
  // A wrapped attribution must introduce a quote; joining prose lines onto one would not.
  if (end > start && !introducesQuote) return null;
  // Most attributions take one line: no need to gather and join.
  const joined =
    end === start
      ? first.text.trim()
      : lines
          .slice(start, end + 1)
          .map((l) => l.text.trim())
          .join(" ");
  const found = withEvidence(parseAttribution(joined), joined, introducesQuote && (end === start || raised), known);
  if (found === null || (raised && found.email === null)) return null;
  // A weak shape (`Name <addr>:`) counts only when a deeper quote follows it.
  if (found.strength === "weak" && !introducesQuote) return null;
  // A wrapped attribution must still read as one naming someone.
  if (end > start && found.name === null && !DATED_OPENING.test(joined)) return null;
  // Other clients write the same words above a deeper quote, the usual way.
  const apple = first.depth > 0 && !introducesQuote && APPLE_ATTRIBUTION.test(joined);
  // Text that greets the person the attribution names (`schrieb Paul Menzel:` / `Hi Paul,`) answers them: it is not theirs.
  // Asked last: most attributions stand above a deeper quote, where the greeting does not matter.
  const sameDepth = apple || (next !== undefined && next.depth === depth && parseAttribution(next.text) === null && !(found.name !== null && greets(next.text, found.name)));
  const indentedBelow = next !== undefined && INDENTED.test(next.text);
  return { end: end + 1, who: found, sameDepth, apple, indentedBelow, depth, nextDepth: next?.depth ?? 0 };
}

// Patterns live at module level: a literal in a function body makes a new RegExp each time it runs,
// and the ones below run on every line (or every attribution).
// The leads a wrapped attribution naming nobody may still open with.
const DATED_OPENING = /^(?:On|Le|Am|El|Il|Em|At|Op)\s/u;
// Apple Mail's attribution, which it writes inside the quote it introduces.
const APPLE_ATTRIBUTION = /^On .+, at \d{1,2}[:.]\d{2}(?:\s?[AP]M)?, .+ wrote:$/iu;

// The verb of an attribution wrapped onto a line of its own (`> > wrote:`).
const LONE_VERB = /^\s*(?:wrote|writes|said)\s?:?\s*$/iu;

/**
 * An attribution cut short ({@link danglingAttribution}) at `start`, with the lone `wrote:` its
 * client wrapped below it after a blank line, when there is one.
 */
function matchDanglingAt(lines: readonly QuotedLine[], start: number): { end: number; who: Attribution; introducesQuote: boolean } | null {
  const first = lines[start];
  if (first === undefined || !opensDangling(first.text)) return null;
  const found = danglingAttribution(first.text);
  if (found === null) return null;
  let end = start + 1;
  let next = start + 1;
  while (next < lines.length && lines[next]?.depth === first.depth && isBlank(lines[next]?.text ?? "")) next++;
  const verb = lines[next];
  if (verb !== undefined && verb.depth === first.depth && LONE_VERB.test(verb.text)) end = next + 1;
  const after = nextWords(lines, end, first.depth);
  return { end, who: found, introducesQuote: after !== undefined && after.depth > first.depth };
}

// The first letters of the leads danglingAttribution knows, after any blanks.
const DANGLING_OPENING = /^\s*[OLAEI]/u;
/** Whether a line may open a dangling attribution: checked on every line, so its first character decides most. */
function opensDangling(text: string): boolean {
  const c = text.charCodeAt(0);
  // O L A E I open one; any other printable ASCII character cannot (blanks and others go to the pattern).
  if (c === 0x4f || c === 0x4c || c === 0x41 || c === 0x45 || c === 0x49) return true;
  if (c > 0x20 && c < 0x7f) return false;
  return DANGLING_OPENING.test(text);
}

/** Whether `text` opens by greeting `name` (its given name, or the whole name). */
function greets(text: string, name: string): boolean {
  const greeted = greetingName(text)?.toLowerCase();
  if (greeted === undefined) return false;
  const lower = name.toLowerCase();
  return greeted === lower || greeted === lower.split(/\s+/u)[0];
}

const RECENT_MENTIONS = 64;

/**
 * Where a line stands directly above a deeper quote, what it holds can make it an attribution no
 * pattern knows, or name the writer a pattern found no name for (`Name <addr> schrieb am ...`).
 * Not in an ordinary wrapped window: it may have swallowed the sign-off above (`Maria` / `On ... wrote:`).
 */
function withEvidence(found: Attribution | null, joined: string, oneLineAboveQuote: boolean, known: readonly Mention[]): Attribution | null {
  if (!oneLineAboveQuote || (found !== null && found.name !== null)) return found;
  // The people named most recently are the ones a quote answers; a bounded look-back keeps a paste
  // with thousands of attributions linear.
  const names: string[] = [];
  for (let k = known.length - 1; k >= 0 && k >= known.length - RECENT_MENTIONS; k--) for (const name of known[k]?.names ?? []) names.push(name);
  const byEvidence = attributionByEvidence(joined, names);
  if (byEvidence === null || found === null) return byEvidence ?? found;
  // The pattern's verdict on the line stands; the evidence only adds the name it missed.
  // An address the pattern did not see (a Message-ID in `In message <id> you wrote:`) is not taken.
  if (found.email === null) return byEvidence.name === null ? found : { ...found, name: byEvidence.name };
  return found.email === byEvidence.email ? { ...found, name: byEvidence.name } : found;
}

// Only the last character is tested: a `$`-anchored pattern would be tried at every position of the line.
const endsWithStop = (text: string): boolean => STOP.test(text.trimEnd().slice(-1));
const STOP = /[.?!]/u;

/** Whether a line ends the way an attribution does: on a colon or on `wrote`/`writes`. */
function endsLikeAttribution(text: string): boolean {
  const trimmed = text.trimEnd();
  // Dashes drawn after the verb (`… wrote ----`) are no part of the line's ending.
  const t = trimmed.endsWith("--") ? undecorated(trimmed.trim()) : trimmed;
  if (t.length === 0) return false;
  if (t.endsWith(":") || t.endsWith("：")) return true;
  // The verb test only for lines ending in its last letter (`ſ` folds to `s` case-insensitively).
  const last = t.charAt(t.length - 1);
  return (last === "e" || last === "E" || last === "s" || last === "S" || last === "ſ") && ENDS_ON_VERB.test(t.slice(-7));
}
const ENDS_ON_VERB = /\b(?:wrote|writes)$/iu;

/** The next line with words that is no snip marker at `depth` or deeper (a shallower one ends the quote). */
function nextWords(lines: readonly QuotedLine[], from: number, depth: number): QuotedLine | undefined {
  for (let j = from; j < lines.length; j++) {
    const line = lines[j];
    if (line !== undefined && !isBlank(line.text) && (line.depth < depth || !isSnip(line.text))) return line;
  }
  return undefined;
}

function nextNonBlank(lines: readonly QuotedLine[], from: number): QuotedLine | undefined {
  for (let j = from; j < lines.length; j++) if (!isBlank(lines[j]?.text ?? "")) return lines[j];
  return undefined;
}

/**
 * `-- Ann Lee <ann@example.org>` as the last line of its quote: a signature whose delimiter lost
 * its line (a paste without newlines). Only the end of a quote, where signatures stand, is read so.
 */
function opensInlineSignature(lines: readonly QuotedLine[], at: number): boolean {
  const line = lines[at];
  // Asked of every line: only one opening on `-` (after any blanks) is worth the pattern.
  if (line === undefined || startsWithOtherThan(line.text, "-") || !INLINE_DELIMITER.test(line.text)) return false;
  const next = nextNonBlank(lines, at + 1);
  if (next !== undefined && next.depth === line.depth) return false;
  return signatureName(line.text.trim().slice(3)) !== null;
}

const INLINE_DELIMITER = /^\s*-- \p{Lu}/u;

/** A signature runs to the end of its depth: until a deeper or shallower line, or a new attribution. */
function signatureEnd(lines: readonly QuotedLine[], endsAttribution: Uint8Array, start: number): number {
  const depth = lines[start]?.depth ?? 0;
  let i = start + 1;
  for (; i < lines.length; i++) {
    const line = lines[i];
    if (line === undefined) break;
    if (isBlank(line.text)) continue;
    if (line.depth !== depth || matchAttributionAt(lines, endsAttribution, i, []) !== null || matchHeaderBlock(lines, i) !== null) break;
  }
  while (i > start + 1 && isBlank(lines[i - 1]?.text ?? "")) i--;
  return i;
}

/**
 * The name on a signature's first line (`Jan Kara <jack@suse.com>`), else a sign-off form, else the
 * leading `First Last` of a line that runs on into a title (`Daniel Vetter Software Engineer, Intel`,
 * as signatures read once their newlines are lost), marked as a guess when the line reads like an address.
 */
function signatureName(text: string): { name: string; guessed: boolean } | null {
  const line = stripEmails(text.trim());
  // A version under a patch's delimiter (`-- ` / `2.39.5`) or a number is nobody's name.
  if (/^\p{N}/u.test(line)) return null;
  // Code, an address or a postcode (`NULL && (void)`, `London SW6`) is not a name either.
  const plain = !NOT_IN_NAMES.test(line);
  const whole = (plain ? cleanName(line.split(/\s+/u).length <= 3 ? line : "") : null) ?? (/\p{N}/u.test(line) ? null : signOffName(line));
  if (whole !== null) return { name: whole, guessed: false };
  const lead = /^(\p{Lu}[\p{L}'-]+(?: \p{Lu}\.)? \p{Lu}[\p{L}'-]+)(?=[\s,]|$)/u.exec(line);
  // `RMK's Patch system: …` is a possessive, not a given name.
  const name = lead === null || /'s /u.test(lead[1] ?? "") ? null : cleanName(lead[1] ?? "");
  // Digits on the line (a street number, a postcode) make it more likely an address that opens
  // with a company's name (`SUSE Software Solutions Germany GmbH, Frankenstraße 146`): only a guess.
  return name === null ? null : { name, guessed: /\p{N}/u.test(line) };
}

// Characters no name on a signature's first line holds (its address is stripped before).
const NOT_IN_NAMES = /[^\p{L}\p{M}\s'.,()-]/u;

/** Adds what a signature or sign-off says about its writer, unless it contradicts what is known. */
function addIdentity(owner: Mention, name: string | null, email: string | null): void {
  const known = owner.names[0];
  const first = (n: string): string => n.toLowerCase().split(/\s+/u)[0] ?? "";
  // A name that contradicts the attribution belongs to someone else's quoted signature: leave it.
  if (name !== null && known !== undefined && first(known) !== first(name)) return;
  // An address alone (`Dipl. Ing. X | e-mail: x@y.org`) names an unnamed writer; a named one keeps
  // only the addresses that come with a name agreeing with theirs.
  if (name === null && (email === null || owner.names.length > 0 || owner.emails.length > 0)) return;
  if (name !== null && !owner.names.includes(name)) owner.names.push(name);
  if (email !== null && !owner.emails.includes(email)) owner.emails.push(email);
}

/**
 * Sign-offs at the end of a run of one writer's lines (`Thanks,` / `Jason`, `-Daniel`) are
 * signature, not content; their name also names the writer when nothing else did.
 */
function markSignOffs(lines: LabelledLine[]): void {
  const signed: Signed[] = [];
  // Walk backwards so the next line with words is known without searching ahead (linear time).
  let next: LabelledLine | undefined;
  for (let end = lines.length - 1; end >= 0; end--) {
    const line = lines[end];
    if (line === undefined || isBlank(line.text)) continue;
    const after = next;
    next = line;
    if (line.role !== "content") continue;
    const endsRun = after === undefined || after.depth !== line.depth || after.role !== "content" || after.owner !== line.owner;
    if (!endsRun) {
      markSignOffAbove(lines, end, after, signed);
      continue;
    }
    if (markClosingBlock(lines, end, signed)) continue;
    // A call sign or handle under the name (`Roland` / `oe1rsa`) ends the run: the line above is the sign-off.
    const above = lines[end - 1];
    const handle = isHandle(line.text) && above !== undefined && above.role === "content" && above.depth === line.depth && above.owner === line.owner && !isBlank(above.text);
    if (markSignOff(lines, handle ? end - 1 : end, signed) && handle) line.role = "signature";
  }
  // One writer's run signed by two people with different given names is two people's text (a chain
  // whose quoted messages lost their markers): naming either would be a guess.
  const givenNames = new Map<Mention, Set<string>>();
  for (const { owner, name } of signed) {
    if (name === null) continue;
    const here = givenNames.get(owner) ?? new Set<string>();
    here.add(name.toLowerCase().split(/\s+/u)[0] ?? "");
    givenNames.set(owner, here);
  }
  for (const { owner, name, email } of signed) if ((givenNames.get(owner)?.size ?? 0) <= 1) addIdentity(owner, name, email);
}

/** What a sign-off says of its writer, gathered before any of it names them. */
interface Signed {
  owner: Mention;
  name: string | null;
  email: string | null;
}

/** Marks the line at `index`, the last of its writer's run, as a sign-off if it is one (naming its writer); returns whether it was. */
function markSignOff(lines: LabelledLine[], index: number, signed: Signed[]): boolean {
  const line = lines[index];
  if (line === undefined) return false;
  const name = signOffName(line.text) ?? lowercaseSignOff(lines, index);
  const closing = isClosing(line.text);
  if (name === null && !closing) return false;
  const before = previousWords(lines, index);
  // `Hi Paul,` / `thanks for the review.`: thanks under a greeting open the message, they do not close it.
  if (name === null && before !== undefined && isGreeting(before.text)) return false;
  if (name !== null && !closing) {
    const bare = line.text.trim().replace(/^(?:[-~]{1,2}|\/{1,3})\s?/u, "").replace(/[,.]$/u, "");
    const withClosing = bare !== name || (before !== undefined && closesLine(before, line));
    // `Thanks Andy` opening a message (nothing but an attribution or header above) thanks Andy: a
    // sign-off comes after words.
    const opensTurn = before === undefined || before.role === "attribution" || before.role === "header";
    if (opensTurn && bare !== name && /^\s*\p{L}/u.test(line.text)) return false;
    // A lone name ends a reply only after a finished sentence or a blank line, and only a short one.
    const apart = before !== undefined && (ENDS_SENTENCE.test(before.text) || isBlank(lines[index - 1]?.text ?? "") || DASH_LINE.test(before.text));
    // A final period is a sentence's, unless it ends an initial (`- Dan C.`).
    const sentence = /\.$/u.test(line.text.trim()) && !INITIAL_AT_END.test(line.text.trim());
    if (!withClosing && (!apart || name.split(" ").length > 2 || sentence)) return false;
  }
  line.role = "signature";
  if (before !== undefined && before.role === "content" && (closesLine(before, line) || DASH_LINE.test(before.text))) before.role = "signature";
  if (name !== null && line.owner !== null) signed.push({ owner: line.owner, name, email: null });
  return true;
}

/** A call sign or handle alone on a line (`oe1rsa`, `KI6ZHD`): letters and digits, both. */
function isHandle(text: string): boolean {
  const t = text.trim();
  return /^[\p{L}\p{N}]{3,10}$/u.test(t) && /\p{N}/u.test(t) && /\p{L}/u.test(t);
}

// A dash alone above a name (`—` / `Lee`): a signature delimiter in a client's own style.
const DASH_LINE = /^\s*[-—–]{1,2}\s*$/u;

const INITIAL_AT_END = /\s\p{Lu}\.$/u;

/**
 * A sign-off the writer's own words go on after: `Rasmus` or `Regards,` / `Martin` standing apart,
 * then what people put under their name (a postscript, footnotes, a patch, a list of results, a
 * title and company). Only a paragraph of one name after a finished sentence or a closing counts,
 * and only when what follows it does not open as prose: a lone `Perhaps` before more sentences is
 * the writer thinking aloud, not signing.
 */
function markSignOffAbove(lines: LabelledLine[], end: number, after: LabelledLine | undefined, signed: Signed[]): void {
  const line = lines[end];
  if (line === undefined || after === undefined || !isBlank(lines[end + 1]?.text ?? "") || opensProse(after.text)) return;
  const before = previousWords(lines, end);
  if (before === undefined || before.depth !== line.depth || before.owner !== line.owner || before.role !== "content") return;
  const closed = closesLine(before, line);
  if (!closed && (!isBlank(lines[end - 1]?.text ?? "") || !FINISHED_SENTENCE.test(before.text))) return;
  const text = line.text.trim();
  // `Jon,` opens a paragraph that addresses Jon; `Absolutely.` is a sentence.
  if (text.endsWith(",") || (text.endsWith(".") && !INITIAL_AT_END.test(text))) return;
  const name = signOffName(text) ?? lowercaseSignOff(lines, end);
  if (name === null || name.split(" ").length > 2) return;
  line.role = "signature";
  if (closed) before.role = "signature";
  if (line.owner !== null) signed.push({ owner: line.owner, name, email: null });
}

// Only a sentence's own end: not a colon announcing what follows, nor code's `;` or `)`.
const FINISHED_SENTENCE = /[.!?]["')\]]?\s*$/u;
// A capitalised word then a lowercase one, four words or more: a sentence, not a title (`Senior
// Engineer`), a company, a postscript label (`PS:`) or a path.
const PROSE_OPENING = /^\s*\p{Lu}\p{Ll}*[ \t](?:I\b|\p{Ll})\S*[ \t]\S+[ \t]\S/u;
// Indented code or an example the word above introduces (`Perhaps` / `    x = 0;`), not what goes under a name.
const INDENTED = /^(?:\t| {2})/u;
const opensProse = (text: string): boolean => PROSE_OPENING.test(text) || INDENTED.test(text);

/**
 * A lowercase name signing alone (`julia`, `sage`): one word of letters after a finished sentence
 * and a blank line, or under a closing. A bare lowercase word is otherwise prose, so the sentence
 * above must end on `.`, `!` or `?` (not `:` announcing a command, nor code).
 */
function lowercaseSignOff(lines: readonly LabelledLine[], index: number): string | null {
  const text = lines[index]?.text.trim() ?? "";
  if (!/^\p{Ll}[\p{L}-]{1,14}$/u.test(text) || isClosing(text) || NOT_SIGNOFF.has(text)) return null;
  const before = previousWords(lines, index);
  const line = lines[index];
  if (before === undefined || line === undefined || before.depth !== line.depth) return null;
  if (!closingShaped(before.text) && (!isBlank(lines[index - 1]?.text ?? "") || !FINISHED_SENTENCE.test(before.text))) return null;
  return cleanName(text);
}
// Up to three words and a comma on their own line: the shape of a closing, known phrase or not (`ATB,`, `CU,`).
const CLOSING_SHAPE = /^\p{L}+(?: (?:\p{L}+|&|\p{N}+)){0,2},$/u;
// Thanks for something, in a few words and a comma (`Thanks for helping out,`, `Thank you for your time,`):
// a closing however it goes on, when a name stands under it.
const THANKS_SHAPE = /^(?:many )?(?:thanks|thank you) (?:for|again for|so much for)(?: [\p{L}'-]+){1,4},$/iu;

/** A closing phrase, or a line in its shape (`ATB,`, `peace & happiness,`, `vy 73,`, `Thanks for helping out,`). */
const closingShaped = (text: string): boolean => isClosing(text) || ((CLOSING_SHAPE.test(text.trim()) || THANKS_SHAPE.test(text.trim())) && !isGreeting(text));

/** Whether `before` is the closing that `line` (a name ending its writer's run) signs under: a known closing phrase, or one in its shape right above it. */
function closesLine(before: LabelledLine, line: LabelledLine): boolean {
  if (before.depth !== line.depth || before.owner !== line.owner) return false;
  return closingShaped(before.text);
}

/**
 * `Regards,` / `Sarah Connor` / `Procurement Lead`: a closing phrase followed by a few short lines
 * (name, title, company) to the end of the writer's run is all signature. Returns whether it was one.
 */
function markClosingBlock(lines: LabelledLine[], end: number, signed: Signed[]): boolean {
  const last = lines[end];
  if (last === undefined) return false;
  let size = 0;
  for (let j = end; j >= 0 && size < MAX_SIGN_OFF_LINES; j--) {
    const l = lines[j];
    if (l === undefined || isBlank(l.text)) continue;
    if (l.depth !== last.depth || l.owner !== last.owner || l.role !== "content") return false;
    size++;
    if (size >= 2 && isClosing(l.text)) {
      // Gathered only now: most runs end without a closing block.
      const block = lines.slice(j, end + 1).filter((x) => !isBlank(x.text));
      const [, nameLine, ...rest] = block;
      if (![nameLine, ...rest].every((x) => x !== undefined && isShortSignatureLine(x.text))) return false;
      for (const x of block) x.role = "signature";
      const name = nameLine === undefined ? null : (signatureName(nameLine.text)?.name ?? null);
      if (last.owner !== null) signed.push({ owner: last.owner, name, email: nameLine === undefined ? null : findEmail(nameLine.text) });
      return true;
    }
  }
  return false;
}

const MAX_SIGN_OFF_LINES = 5;
const isShortSignatureLine = (text: string): boolean => text.trim().split(/\s+/u).length <= 6 && !/[.?!:]$/u.test(text.trim());

function previousWords(lines: readonly LabelledLine[], index: number): LabelledLine | undefined {
  for (let j = index - 1; j >= 0; j--) {
    const l = lines[j];
    if (l !== undefined && !isBlank(l.text)) return l;
  }
  return undefined;
}

/** List footers, disclaimers and client advertisements: paragraphs dense in their stock phrases. */
function markFooters(lines: LabelledLine[]): void {
  const texts: string[] = [];
  let start = 0;
  while (start < lines.length) {
    let end = start;
    const depth = lines[start]?.depth ?? 0;
    while (end < lines.length && lines[end]?.depth === depth && !isBlank(lines[end]?.text ?? "")) end++;
    if (end === start) {
      start++;
      continue;
    }
    // A rule or a signature delimiter inside the paragraph (`Leon` / `____` / `List mailing list`) is where a footer would begin.
    let rule = start + 1;
    while (rule < end && !isRule(lines[rule]?.text ?? "") && !isSignatureDelimiter(lines[rule]?.text ?? "")) rule++;
    if (rule < end) {
      markFooterParagraph(lines, start, rule, texts);
      markFooterParagraph(lines, rule, end, texts);
    } else markFooterParagraph(lines, start, end, texts);
    start = end;
  }
}

// The longest a footer runs per stock phrase it holds (disclaimers hold several in a paragraph).
const FOOTER_WORDS_PER_HIT = 80;

/** `texts` is a buffer the caller lends for the paragraph's lines: joined once, not concatenated line by line. */
function markFooterParagraph(lines: LabelledLine[], start: number, end: number, texts: string[]): void {
  // Only the writers' own lines can be a footer: checked before the (costly) search for stock phrases.
  texts.length = 0;
  for (let j = start; j < end; j++) {
    const l = lines[j];
    if (l === undefined || (l.role !== "content" && l.role !== "signature")) return;
    texts.push(l.text);
  }
  const text = texts.join(" ");
  const hits = footerHits(text);
  if (hits === 0) return;
  const paragraph = lines.slice(start, end);
  const words = text.split(/\s+/u).length;
  const ruled = isRule(paragraph[0]?.text ?? "") || isRule(lines[start - 1]?.text ?? "") || isRule(lines[start - 2]?.text ?? "");
  if (hits < 2 && !ruled && words > 12) return;
  // Footers are dense in stock phrases; a long stretch with one or two (a pasted log quoting a licence
  // notice, a whole message that lost its newlines) is the writer's own text.
  if (words > hits * FOOTER_WORDS_PER_HIT) return;
  for (const l of paragraph) {
    l.role = "footer";
    l.owner = null;
  }
}
