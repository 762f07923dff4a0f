import type { Role } from "../../thread/model.js";
import { mention, type Mention } from "../../thread/speakers.js";
import { danglingAttribution, parseAttribution, undecorated, type Attribution } from "./attribution.js";
import { attributionByEvidence } from "./attribution-evidence.js";
import { greetingName, nameFromEvidence } from "./author-evidence.js";
import { footerHits, isClosing, isSignatureDelimiter, isSnip, pgpArmorAt, startsWithOtherThan } from "./boilerplate.js";
import { isLoneSender, isLoneSeparator, matchHeaderBlock, type HeaderBlock } from "./header-block.js";
import { isBlank, type LabelledLine, type QuotedLine } from "./lines.js";
import { calls, findEmail } from "../../thread/names.js";
import { isSpaceCode } from "./flat-pieces.js";
import { repairRewrapped } from "./repair.js";
import { markFooters } from "./footers.js";
import { addIdentity, closingShaped, INDENTED, markSignOffs, signatureName, type Signed } from "./sign-offs.js";

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
 * The labels are filled into the given lines (made by `quotedLine`), which the result holds.
 */
export function labelBody(raw: readonly LabelledLine[], context: BodyContext = {}): { lines: LabelledLine[]; mentions: Mention[] } {
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

  // Lines are labelled in order, each once: those before `i` are done.
  const label = (line: LabelledLine, role: Role, owner: Mention | null): void => {
    line.role = role;
    line.owner = owner;
    line.message = message;
  };
  let sawWords = false;
  let sawHeader = false;
  // The last attribution (its depth, the depth it named and whom), while nothing but blank lines followed it.
  let stackedAt: Stacked | null = null;
  // A quote indented under its attribution at the attribution's own depth: its writer, and who held that depth before it.
  let indented: { depth: number; quoted: Mention; before: Mention | undefined } | null = null;
  const addressed: { answerer: Mention; to: { name: string | null; email: string | null } }[] = [];
  const guessed: Signed[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line === undefined) break;
    const depth = line.depth;
    if (isBlank(line.text)) {
      label(line, "content", ownerAt(depth));
      i++;
      continue;
    }
    // Cast: TypeScript reads the assignment further down the loop as circular and narrows this to null.
    const stacked = stackedAt as Stacked | null;
    stackedAt = null;
    const header = matchHeaderBlock(lines, i);
    if (header?.anonymous === true) {
      for (; i < header.end; i++) label(lines[i] ?? line, "header", null);
      continue;
    }
    if (header !== null) {
      indented = null;
      const opensPaste = depth === 0 && !sawWords && !sawHeader;
      sawHeader = true;
      if (header.quotes === true || (!opensPaste && introducesQuote(lines, header.end, depth))) {
        // `From: Name <addr>` / `Date: …` right above a deeper quote is that quote's attribution.
        const m = mentionOf(header.from) ?? placeholderAt(placeholders, mentions, depth + 1);
        if (m.placeholder === "") mentions.push(m);
        owners = owners.slice(0, depth + 1);
        owners[depth + 1] = m;
        for (; i < header.end; i++) label(lines[i] ?? line, "header", null);
        continue;
      }
      if (depth === 0 && sawWords && markPatchOpening(lines, i)) {
        // `-- >8 --` or git's `From <commit> Mon Sep 17 00:00:00 2001` over the header: a patch the writer
        // sends in their own message, not a message of someone else's below theirs.
        for (; i < header.end; i++) label(lines[i] ?? line, "header", null);
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
      for (; i < header.end; i++) label(lines[i] ?? line, "header", null);
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
      const inStack = attribution.sameDepth && !attribution.apple && !attribution.indentedBelow && stacked?.depth === attribution.depth;
      const target = decorated ? nextDepth : attribution.sameDepth && !inStack ? attribution.depth : attribution.depth + 1;
      indented = attribution.indentedBelow && !attribution.apple && target === attribution.depth ? { depth: target, quoted: m, before: owners[target] } : null;
      owners = owners.slice(0, target);
      owners[target] = m;
      // Two attributions in a row at one quoted depth (`> On …, A wrote:` / `> On …, B wrote:`): A's quote
      // lost its markers and opens with A's own attribution, so the text at this depth after B's quote is A's.
      if (stacked !== null && stacked.from === attribution.depth && target === attribution.depth + 1 && attribution.depth > 0) owners[attribution.depth] = stacked.who;
      stackedAt = { from: attribution.depth, depth: target, who: m };
      for (; i < attribution.end; i++) label(lines[i] ?? line, "attribution", null);
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
      for (; i < dangling.end; i++) label(lines[i] ?? line, "attribution", null);
      continue;
    }
    if (isLoneSender(lines, i) || isLoneSeparator(line.text)) {
      // Names the patch's author (or nobody), not the writer of the text around it: the owners stay.
      label(line, "header", null);
      i++;
      continue;
    }
    const armor = pgpArmorAt(lines, i);
    if (armor !== null) {
      // An OpenPGP header or signature: the writer's, as a signature is, but no one's words.
      for (; i < armor.end; i++) label(lines[i] ?? line, armor.role, armor.role === "header" ? null : ownerAt(depth));
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
      for (; i < end; i++) label(lines[i] ?? line, "signature", owner);
      continue;
    }
    // Unindented text between the lines of the indented quote answers it: it is the writer's who held the depth before.
    if (indented?.depth === depth) owners[depth] = INDENTED.test(line.text) ? indented.quoted : indented.before;
    label(line, isSnip(line.text) ? "snip" : "content", ownerAt(depth));
    sawWords = true;
    i++;
  }
  markFooters(lines);
  markSignOffs(lines);
  for (const { owner, name, email } of guessed) addIdentity(owner, name, email);
  // Only a name the writer signed with can be completed from the To: line (never a guess from nothing).
  for (const { answerer, to } of addressed) if (answerer.names.length > 0) addIdentity(answerer, to.name, to.email);
  nameFromEvidence(lines);
  return { lines, mentions };
}

/** An attribution seen last: the depth it stands at, the depth it named and the writer it names. */
interface Stacked {
  from: number;
  depth: number;
  who: Mention;
}

// The line `git format-patch` opens each patch with.
const GIT_PATCH_FROM = /^From [0-9a-f]{40} Mon Sep 17 00:00:00 2001\s*$/u;
// Scissors (`-- >8 --`, `---8<---`): what follows is to be applied as a patch.
const SCISSORS = /^\s*-+ ?(?:>8|8<) ?-+\s*$/u;

/**
 * Whether the last line with words before `end`, at the top level, opens a patch (git's `From <commit>`
 * line or scissors); the git line is then part of the patch's header.
 */
function markPatchOpening(lines: LabelledLine[], end: number): boolean {
  for (let j = end - 1; j >= 0; j--) {
    const l = lines[j];
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
  const greeted = greetingName(text);
  return greeted !== null && calls(greeted, name);
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
  // Asked of every line: its end is found by character codes, with no trimmed copy (`end` is where
  // trimEnd would cut the line).
  let end = text.length;
  while (end > 0 && isSpaceCode(text.charCodeAt(end - 1))) end--;
  if (end === 0) return false;
  // Dashes drawn after the verb (`… wrote ----`) are no part of the line's ending.
  if (end >= 2 && text.charCodeAt(end - 1) === DASH && text.charCodeAt(end - 2) === DASH) {
    const t = undecorated(text.trim());
    return t.length > 0 && endsOnColonOrVerb(t, t.length);
  }
  return endsOnColonOrVerb(text, end);
}

/** Whether `text.slice(0, end)` (not empty) ends on a colon or on `wrote`/`writes`. */
function endsOnColonOrVerb(text: string, end: number): boolean {
  const last = text.charCodeAt(end - 1);
  if (last === COLON || last === FULLWIDTH_COLON) return true;
  // The verb test only for lines ending in its last letter (`ſ` folds to `s` case-insensitively).
  return (last === 0x65 || last === 0x45 || last === 0x73 || last === 0x53 || last === 0x17f) && ENDS_ON_VERB.test(text.slice(Math.max(0, end - 7), end));
}
const DASH = 0x2d;
const COLON = 0x3a;
const FULLWIDTH_COLON = 0xff1a;
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
