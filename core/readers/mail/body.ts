import type { Role } from "../../thread/model.js";
import { mention, type Mention } from "../../thread/speakers.js";
import { findEmail } from "../../thread/names.js";
import { endsLikeAttribution, matchAttributionAt, matchDanglingAt } from "./attribution-at.js";
import { nameFromEvidence } from "./author-evidence.js";
import type { EvidenceOptions } from "./evidence-weights.js";
import { footerHits, isSignatureDelimiter, isSnip, pgpArmorAt } from "./boilerplate.js";
import { isLoneSender, isLoneSeparator, matchHeaderBlock, type HeaderBlock } from "./header-block.js";
import { isBlank, opensOnDash, type LabelledLine, type QuotedLine } from "./lines.js";
import { defaultLineModel, type LineModel } from "./line-model.js";
import { repairRewrapped } from "./repair.js";
import { nameRepeatedQuotes } from "./repeated-quotes.js";
import { markFooters } from "./footers.js";
import { markLabelBlocks } from "./label-blocks.js";
import { addGuessedIdentity, addIdentity, closingShaped, INDENTED, markSignOffs, signatureName, type Signed } from "./sign-offs.js";
import { FullNames, mentionedIn } from "./signature-mentions.js";

/** Where a body came from, when the caller knows more than the text says. */
export interface BodyContext {
  /** Mention for the top-level author (e.g. from a parsed `From:` header). */
  author?: Mention;
  /** Message index of the first line. */
  firstMessage?: number;
  /** How the writers nothing named are named from the rest of the body (weights other than the fitted ones). */
  evidence?: EvidenceOptions;
  /** The fitted line model (for evaluation, one fitted without the list scored): the shipped one unless given. */
  lineModel?: LineModel;
}

/**
 * Labels every line of a message body: quote depth, role (content, attribution, header, signature,
 * footer, snip) and the mention of its writer. Depth d belongs to whoever the attribution (or
 * header block) that introduced depth d names; the top level belongs to the message author.
 * The labels are filled into the given lines (made by `quotedLine`), which the result holds.
 */
export function labelBody(raw: readonly LabelledLine[], context: BodyContext = {}): { lines: LabelledLine[]; mentions: Mention[] } {
  const lines = repairRewrapped(raw);
  const { mentions, guessed, addressed } = labelLines(lines, context);
  markFooters(lines);
  forgetListAddresses(lines, mentions);
  markLabelBlocks(lines);
  markSignOffs(lines);
  for (const { owner, name, email } of guessed) addGuessedIdentity(owner, name, email);
  // Only a name the writer signed with can be completed from the To: line (never a guess from nothing).
  for (const { answerer, to } of addressed) if (answerer.names.length > 0) addIdentity(answerer, to.name, to.email);
  nameFromEvidence(lines, context.evidence, context.lineModel ?? defaultLineModel);
  // Last: a passage the evidence left unnamed may still be one a named writer's text quotes again.
  nameRepeatedQuotes(lines);
  return { lines, mentions };
}

/**
 * Drops from every mention the addresses the paste's list footers give (`Blinux-list@redhat.com` under
 * `Blinux-list mailing list`): the list's own address, which a list that rewrites its senders puts in
 * every `From:` and attribution it sends, names no writer. A mention left with nothing is unnamed, for
 * a sign-off or the evidence to name, or unknown: read as a name, the address gave one speaker the
 * words of everyone posting through the list.
 */
function forgetListAddresses(lines: readonly LabelledLine[], mentions: readonly Mention[]): void {
  const lists = new Set<string>();
  for (const line of lines) {
    if (line.role !== "footer" || !line.text.includes("@")) continue;
    const email = findEmail(line.text);
    if (email !== null) lists.add(email);
  }
  if (lists.size === 0) return;
  for (const m of mentions) if (m.emails.some((e) => lists.has(e.toLowerCase()))) m.emails = m.emails.filter((e) => !lists.has(e.toLowerCase()));
}

/**
 * Whether each line may end an attribution (every line is looked at as the end of up to three
 * attribution windows). Apart from `labelLines` for the reason it is apart from its caller: this loop
 * is compiled while it runs, and inside `labelLines` that code met calls it had never seen right
 * after the loop, was thrown away and compiled again.
 */
function attributionEnds(lines: readonly LabelledLine[]): Uint8Array {
  const ends = new Uint8Array(lines.length);
  for (let j = 0; j < lines.length; j++) ends[j] = endsLikeAttribution(lines[j]?.text ?? "") ? 1 : 0;
  return ends;
}

/**
 * The line-by-line pass of `labelBody`: each line's role and owner, the mentions made, and the names
 * left to add once all lines are labelled. A function of its own because a long body has V8 compile
 * the loop while it runs (on-stack replacement): the calls after the loop, never reached before, made
 * that code de-optimise on leaving the loop and compile again, whose working memory raised the peak.
 */
function labelLines(lines: LabelledLine[], context: BodyContext): { mentions: Mention[]; guessed: Guessed[]; addressed: Addressed[] } {
  const placeholders = new Map<string, Mention>();
  const endsAttribution = attributionEnds(lines);
  const mentions: Mention[] = [];
  const fullNames = new FullNames(mentions);
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
  const addressed: Addressed[] = [];
  const guessed: Guessed[] = [];
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
        // A whole block whose fields stand at a quoted depth nobody held before heads a message at that
        // depth: the text there is its sender's too (the quote under it is their message's own quote).
        // Not a trimmed header (`From: Name Sent: …`, or `From:` over fields one deeper), which only names the quote.
        if (depth > 0 && header.quotes !== true && owners[depth] === undefined) owners[depth] = m;
        for (; i < header.end; i++) label(lines[i] ?? line, "header", null);
        continue;
      }
      if ((depth === 0 || owners[depth] !== undefined) && sawWords && markPatchOpening(lines, i, depth)) {
        // `-- >8 --` or git's `From <commit> Mon Sep 17 00:00:00 2001` over the header: a patch the writer
        // sends in their own message, not a message of someone else's below theirs. So too in a quote
        // whose writer is known: the header's `From:` names the patch's author, and the text under it
        // (the commit message, the diff) is what the quoted writer pasted. Dev: +32 words per rendering
        // on dev-A, +235 on dev-C, +198 (flat +303) on dev-B; the git line's own 7 words go unowned.
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
      // So too when a quote one level deeper follows, marked, before the next attribution: its markers were
      // not lost, so the text between is not the named writer's but still the one's who held the depth
      // (`> Jan,` / `> On …, Jan wrote:` / `> Please …` / `Done.` / `>> Jan's text`, the quote cut and then interleaved).
      const held = attribution.depth > 0 && owners[attribution.depth] !== undefined && holdsDepth(lines, endsAttribution, attribution.end, attribution.depth + 1);
      // At the top the same holds with no stack for a one-line remark (`(Is that your real name?)`)
      // before the marked quote: the replier's own aside. A longer text there is more often the quoted
      // message that lost its markers, over its own quote (dev: at up to 3 lines, 2 dev-B flattened
      // replies lost 325 words; 1 and 2 lines read the same).
      const topHeld = attribution.depth === 0 && asideBefore(lines, attribution.end) && holdsDepth(lines, endsAttribution, attribution.end, 1);
      const inStack = attribution.sameDepth && !attribution.apple && !attribution.indentedBelow && (stacked?.depth === attribution.depth || held || topHeld);
      const target = decorated ? nextDepth : attribution.sameDepth && !inStack ? attribution.depth : attribution.depth + 1;
      indented = attribution.indentedBelow && !attribution.apple && target === attribution.depth ? { depth: target, quoted: m, before: owners[target] } : null;
      owners = owners.slice(0, target);
      owners[target] = m;
      // An attribution whose quote opens two or more levels deeper (`On …, A wrote:` / `> > text`) with
      // no line one level deeper anywhere in it: A's own text took doubled markers, and is A's all the same.
      // Dev: +48 words right per rendering, none lost. With a line one level deeper it is A's answer to
      // someone else's text, and giving that to A too lost 6,800.
      if (target === attribution.depth + 1 && nextDepth > target && !holdsDepth(lines, endsAttribution, attribution.end, target)) for (let k = target + 1; k <= nextDepth; k++) owners[k] = m;
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
      const first = isSignatureDelimiter(line.text) ? lines.slice(i + 1, end).find((l) => !isBlank(l.text) && !closingShaped(l.text) && HAS_LETTER.test(l.text))?.text : line.text.trim().slice(3);
      // A list footer after the delimiter (`xyz mailing list` / its address) names nobody.
      const named = first !== undefined && footerHits(first) === 0 ? first : undefined;
      const found = named === undefined ? null : signatureName(named);
      // A name guessed from the start of a long line waits for the sign-offs: `Thanks,` / `Nicolai`
      // above `-- ` / `SUSE Software Solutions Germany GmbH, …` says who signed better.
      // The writer's address may stand on a later line of the signature (`Be free, use free software!` / `mailto:ann@…`).
      const email = first === undefined ? null : (findEmail(first) ?? signatureAddress(lines, i + 1, end));
      const later = found === null && named !== undefined ? (laterSignatureName(lines, i + 1, end, named) ?? mentionedIn(lines, i + 1, end, fullNames)) : null;
      if (found?.guessed === true) guessed.push({ owner, name: found.name, email });
      else if (later !== null) guessed.push({ owner, name: later, email });
      else if (named !== undefined) addIdentity(owner, found?.name ?? null, email);
      for (; i < end; i++) label(lines[i] ?? line, "signature", owner);
      continue;
    }
    // Unindented text between the lines of the indented quote answers it: it is the writer's who held the depth before.
    if (indented?.depth === depth) owners[depth] = INDENTED.test(line.text) ? indented.quoted : indented.before;
    label(line, isSnip(line.text) ? "snip" : "content", ownerAt(depth));
    sawWords = true;
    i++;
  }
  return { mentions, guessed, addressed };
}

/**
 * Whether a line with words stands at exactly `depth` from `from` on, before the next line ending as an
 * attribution shallower than `depth` (which opens another quote).
 */
function holdsDepth(lines: readonly QuotedLine[], endsAttribution: Uint8Array, from: number, depth: number): boolean {
  for (let j = from; j < lines.length; j++) {
    const line = lines[j];
    if (line === undefined || isBlank(line.text)) continue;
    if (line.depth < depth && endsAttribution[j] === 1) return false;
    if (line.depth === depth) return true;
  }
  return false;
}

/** Whether one to ASIDE_LINES lines with words stand at the top from `from` before a quoted line. */
function asideBefore(lines: readonly QuotedLine[], from: number): boolean {
  let worded = 0;
  for (let j = from; j < lines.length; j++) {
    const line = lines[j];
    if (line === undefined || line.depth > 0) return worded > 0;
    if (!isBlank(line.text) && ++worded > ASIDE_LINES) return false;
  }
  return false;
}
const ASIDE_LINES = 1;

/** A name guessed for a signature's writer, added once the sign-offs have had their say. */
type Guessed = Pick<Signed, "owner" | "name" | "email">;

/** A writer who answered above an Outlook-quoted message, and whom that message was addressed to. */
interface Addressed {
  answerer: Mention;
  to: { name: string | null; email: string | null };
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
 * Whether the last line with words before `end`, at `depth`, opens a patch (git's `From <commit>`
 * line or scissors); the git line is then part of the patch's header.
 */
function markPatchOpening(lines: LabelledLine[], end: number, depth: number): boolean {
  for (let j = end - 1; j >= 0; j--) {
    const l = lines[j];
    if (l === undefined || isBlank(l.text)) continue;
    if (l.depth !== depth) return false;
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
  // Asked of every line: only one whose words open on `-` is worth the pattern.
  if (line === undefined || !opensOnDash(line.text) || !INLINE_DELIMITER.test(line.text)) return false;
  const next = nextNonBlank(lines, at + 1);
  if (next !== undefined && next.depth === line.depth) return false;
  return signatureName(line.text.trim().slice(3)) !== null;
}

const INLINE_DELIMITER = /^\s*-- \p{Lu}/u;
// A line of the signature without a letter (a rule of `+` or `=`, a second `--` under the closing)
// is decoration: the name is on the next line that has words. On the dev lists it named 2 body-only
// writers (`-- ` / `+++…` / `Yectli Huerta`, `Regards` / `--` / `Kieran`) that were unknown or
// known by initials only.
const HAS_LETTER = /\p{L}/u;

/**
 * The first address on the lines of a signature from `from` to `end`, above a list's footer (its
 * posting address names no writer), or null. The footer's lines end the search, not only those
 * the footer patterns know: a list posting as `devel@project.org` under `devel mailing list` was
 * read as its writer, where the turns or nothing name them: dev-C +448 body-only words (6 replies,
 * all once given to `devel`), flattened and dev-A, dev-B unchanged.
 */
function signatureAddress(lines: readonly QuotedLine[], from: number, end: number): string | null {
  for (let j = from; j < end; j++) {
    const text = lines[j]?.text ?? "";
    if (footerHits(text) > 0) return null;
    if (!text.includes("@")) continue;
    const email = findEmail(text);
    if (email !== null) return email;
  }
  return null;
}

/**
 * A name standing whole on a later line of a signature whose first line names nobody (a motto, then
 * `Ann Lee  ***  http://…`): a guess the sign-offs outweigh. A line led by a dash (`-- Mark Twain`)
 * credits the motto, not the writer. Only the few lines after the first are read, and only one set
 * apart by a blank line: read in a flattened paste's pieces it lost 1,015 dev words. Dev: body +118
 * words (2 replies), flat unchanged.
 */
function laterSignatureName(lines: readonly QuotedLine[], from: number, end: number, first: string): string | null {
  let seen = -1;
  for (let j = from; j < end && seen < LATER_NAME_LINES; j++) {
    const text = lines[j]?.text ?? "";
    if (seen < 0) {
      if (text === first) seen = 0;
      continue;
    }
    if (isBlank(text) || !HAS_LETTER.test(text)) continue;
    seen++;
    // Only a line set apart by a blank line: a flattened paste's pieces (none apart) read whole names in prose.
    if (!isBlank(lines[j - 1]?.text ?? "") || DASH_LED.test(text) || footerHits(text) > 0) continue;
    const found = signatureName(text);
    if (found !== null && !found.guessed) return found.name;
  }
  return null;
}
// How many lines after a signature's first are read for its writer's name.
const LATER_NAME_LINES = 3;
const DASH_LED = /^\s*[-–—~]/u;

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
