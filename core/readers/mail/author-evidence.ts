import type { Mention } from "../../thread/speakers.js";
import { givenName } from "../../thread/names.js";
import { isClosing } from "./boilerplate.js";
import { atCalled, calledPerson, firstGreeting } from "./greetings.js";
import { isBlank } from "./lines.js";
import { attributionShapes, isDated } from "./client-shapes.js";
import { defaultLineModel, type LineModel } from "./line-model.js";
import { ownWords } from "./own-words.js";
import { agree, copiedIn, holdsPatch, ownTrailers, patchBelow, sendsPatch } from "./patch-trailers.js";
import { completeFromReview, completeFromTurns, isNamed, samePerson } from "./complete-names.js";
import { EVIDENCE_KINDS, EVIDENCE_WEIGHTS, type EvidenceKind, type EvidenceOptions, type EvidenceWeights } from "./evidence-weights.js";

/** What naming the writers of a body needs of each line: its depth, message, role and writer. */
export interface EvidenceLine {
  depth: number;
  text: string;
  role: string;
  owner: Mention | null;
  message: number;
}

/**
 * Names the writers nothing named (no attribution, header, sign-off or signature), one depth of one
 * message at a time (the messages a chain quotes below it read as its deeper levels), from what the
 * rest of the body says: review trailers in their own text, the last `Signed-off-by:` of a patch
 * they sent (or pasted below their words), two people taking turns (the level quoted twice is often the same person again, more
 * often when it sent a patch the level between reviewed), a greeting in the text they answer (or a name
 * it calls out, `@Mike`), one opening the text that answers them (`Hi Mike,` above a quote Mike's
 * attribution was cut from), and one of the top writer's own calling the one their quoted message
 * answered (their own follow-up).
 * The kinds of evidence are weighed and added per person; the writer is named only when one person
 * scores enough and more than any other, and never after someone their own text greets. `model` is
 * the fitted line model, whose attribution-shape shares tell a client few write with (see RARE_SHAPE).
 */
export function nameFromEvidence(lines: readonly EvidenceLine[], options: EvidenceOptions = {}, model: LineModel = defaultLineModel): void {
  // Where each message of a pasted chain starts: its lines run to the next one's start.
  const starts: number[] = [];
  for (let i = 0; i < lines.length; i++) if (i === 0 || lines[i]?.message !== lines[i - 1]?.message) starts.push(i);
  starts.push(lines.length);
  // Whether each line holds its writer's words: asked of every line by up to three messages' readings.
  const worded = new Uint8Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    worded[i] = line !== undefined && line.owner !== null && (line.role === "content" || line.role === "signature") && !isBlank(line.text) ? 1 : 0;
  }
  for (let k = 0; k + 1 < starts.length; k++) {
    // A chain quotes the message each one answers below it, without markers: the next messages are
    // read as the deeper levels of this one (the next one's top level one deeper), as far as the
    // evidence looks (two levels and their turns).
    nameInMessage(lines, worded, starts[k] ?? 0, starts[Math.min(k + 1 + CHAIN_LOOKAHEAD, starts.length - 1)] ?? lines.length, options, model);
  }
}

// How many of the messages below one in a chain its evidence reads.
const CHAIN_LOOKAHEAD = 2;

function nameInMessage(lines: readonly EvidenceLine[], worded: Uint8Array, start: number, end: number, options: EvidenceOptions, model: LineModel): void {
  const weights = options.weights ?? EVIDENCE_WEIGHTS;
  const message = lines[start]?.message ?? 0;
  let givenNames: Map<string, Mention[]> | null = null;
  let shapes: (string | undefined)[] | null = null;
  // The writers at each depth (two are enough to know it is ambiguous) and the index of their first
  // line. The indexes of all their lines (each depth's evidence is read from its own lines only,
  // however deep the quote) are listed only when a writer is read: most are named already, and
  // listing every line of three messages for each message was a tenth of a parse's garbage.
  const writers: Mention[][] = [];
  const firstAt: number[] = [];
  for (let i = start; i < end; i++) {
    const line = lines[i];
    if (line === undefined || line.owner === null || worded[i] !== 1) continue;
    const depth = line.depth + line.message - message;
    const here = (writers[depth] ??= []);
    // Two mentions of one person (an attribution and a forwarded header both naming them) are one writer.
    const owner = line.owner;
    if (here.length < 2 && !hasPerson(here, owner)) here.push(owner);
    firstAt[depth] ??= i;
  }
  let listed: number[][] | null = null;
  const at = (depth: number): number[] => {
    listed ??= linesByDepth(lines, worded, start, end, message);
    return listed[depth] ?? [];
  };
  const single = (depth: number): Mention | undefined => {
    const here = writers[depth];
    return here?.length === 1 ? here[0] : undefined;
  };
  // Whether two depths' writers may be one person by their attributions: not when both wrote one and
  // the shapes differ (two clients, so most likely two people). Read for the turns at the top only, where
  // it was measured: on the dev lists, of the top levels the turns named where the shapes differ, 5
  // body-only pastes were right and 30 wrong (11 of an author the paste never names, where unknown is
  // right), 6 and 26 flattened; where they agree, 60 of 67 were right. Not taking the turns there: body
  // 0.9452 -> 0.9463 (+539 words), flat 0.9043 -> 0.9046 (+184); fitted leave-one-list-out (take the
  // turns there or not, chosen on 30 lists), every list's choice is the same. Worst list: open-iscsi (-45, -34).
  const oneClient = (a: number, b: number): boolean => {
    shapes ??= attributionShapes(lines, start, end, message);
    const x = shapes[a];
    const y = shapes[b];
    return x === undefined || y === undefined || x === y;
  };
  // Whether two depths' writers wrote attributions of one shape: one client, most likely one person.
  const sameShape = (a: number, b: number): boolean => {
    shapes ??= attributionShapes(lines, start, end, message);
    return shapes[a] !== undefined && shapes[a] === shapes[b];
  };
  // Whether the turns around an unnamed answerer count (see the last reading below).
  let unnamedTurns = false;
  // Names the one writer at a depth of this message from the evidence around it; whether it did.
  const nameAt = (depth: number): boolean => {
    const writer = single(depth);
    // The messages below are read for evidence only: each is named in its own turn.
    if (writer === undefined || lines[firstAt[depth] ?? -1]?.message !== message) return false;
    // Only a top writer known by what they signed, with no address, is read again once named: their own
    // review trailer says who a short sign-off (`--D`, `SJ`) is, the turns who a nickname or a misspelt name is.
    if (isNamed(writer) && (depth !== 0 || writer.emails.length > 0)) return false;
    const rows = at(depth);
    const own = rows.map((i) => lines[i]).filter((l) => l !== undefined);
    const { signedOff, reviews } = ownTrailers(own, depth, rows);
    if (isNamed(writer)) {
      completeFromReview(writer, signedOff === null ? reviews : [signedOff]);
      // The patch d+2 sent signs off with its address (`Signed-off-by: Waiman Long <longman@…>`): a
      // sign-off may be its local part (`Longman`) however the attribution above it spelt the name.
      const sent = ownTrailers(at(depth + 2).map((i) => lines[i]).filter((l) => l !== undefined), depth + 2).signedOff;
      const twice = single(depth + 2);
      completeFromTurns(writer, single(depth + 1), twice, sent !== null && twice !== undefined && agree(sent, personOf(twice)) ? sent.email : null);
      return false;
    }
    const candidates: Scored[] = [];
    if (signedOff !== null) add(candidates, signedOff, signedOff.kind);
    // Beside a Signed-off-by the writer's text is a patch, whose Reviewed-by lines name the people who
    // reviewed an earlier version of it, not the one sending it.
    else for (const review of reviews) add(candidates, review, review.kind);
    const last = lastWords(at(depth));
    const sent = depth === 0 && last !== undefined ? patchBelow(lines, last, end) : null;
    if (sent !== null) add(candidates, sent, sent.kind);
    const signWord = last === undefined || !apart(lines[last - 1]) ? null : signedWord(lines[last]?.text ?? "");
    if (signWord !== null) {
      givenNames ??= namedByGivenName(lines, start, end);
      for (const m of givenNames.get(signWord) ?? []) add(candidates, personOf(m), "signedAsNamed");
    }
    const between = single(depth + 1);
    const quoted = single(depth + 2);
    // d+1 following up on their own message (d+1 and d+2 one person) took one turn in two messages:
    // the one they answered is d+3. On the dev lists it names 5 body-only top levels once unknown,
    // 4 of them rightly (+303 words, -36 where the writer is named nowhere).
    const turn = between !== undefined && quoted !== undefined && isNamed(between) && samePerson(between, quoted) ? depth + 3 : depth + 2;
    // The turns at the top count only where the top writer's attribution and the one quoted twice may be of one client.
    const ruledOut = depth === 0 && !oneClient(depth, turn);
    const twice = ruledOut ? null : alternation(candidates, between, single(turn), single(turn + 1), single(turn + 2));
    // The one the turns name, known by an attribution without an address, sent the patch at their level:
    // its last Signed-off-by in their name gives their address, which names them where the name is
    // spelt another way (`Ann Lee` in the attribution, `Lee Ann` where they sign). On the dev lists:
    // +172 body-only and +161 flattened words on dev-A, +714 and +673 on dev-B, none lost.
    if (twice !== null && twice.email === null) {
      const sent = ownTrailers(at(turn).map((i) => lines[i]).filter((l) => l !== undefined), turn).signedOff;
      if (sent !== null && sent.email !== null && agree(sent, twice)) add(candidates, { ...twice, email: sent.email }, null);
    }
    // d+1 answered d+2 by name, but nothing names d+1 (a client that writes no attribution line leaves
    // the answerer unnamed): the same back-and-forth. See the weight `backAndForth` (evidence-weights.ts).
    if (unnamedTurns && depth === 0 && between !== undefined && !isNamed(between) && quoted !== undefined && isNamed(quoted)) add(candidates, personOf(quoted), "backAndForth");
    // The same turns read downwards: d-2's writer is named, d-1 answered them unnamed, and d, whom
    // d-1 quoted, is d-2 again (a writer quoting the answer to their own earlier words). See the weight `turnsBelow` (evidence-weights.ts).
    const answering = single(depth - 1);
    const asked = depth >= 2 ? single(depth - 2) : undefined;
    if (unnamedTurns && answering !== undefined && !isNamed(answering) && asked !== undefined && isNamed(asked)) add(candidates, personOf(asked), "turnsBelow");
    // The top writer's attribution has the shape of d+2's and d+1 left no words of its own (a flattened
    // answer read into the level it quotes): the turns with the shapes agreeing. See the weight `sameShapeTurns` (evidence-weights.ts).
    if (depth === 0 && between === undefined && quoted !== undefined && isNamed(quoted) && sameShape(0, 2)) add(candidates, personOf(quoted), "sameShapeTurns");
    // Only beside the alternation, whose conditions (two people, both named) make d+1 an answer to the patch.
    if (twice !== null && holdsPatch(at(depth + 2).map((i) => lines[i]))) add(candidates, twice, "patchReviewed");
    const answerer = depth >= 2 ? alternation(candidates, single(depth - 1), single(depth - 2), single(depth - 3), single(depth - 4)) : null;
    // The mirror: d-1 reviewed the patch at d, and d-2 answered the review with a patch (its Signed-off-by
    // or diff): a new version, answering the review of its author's earlier one. On the dev lists it decides
    // 3 writers (80 words), all right; a patch alone under an answered review is d-2's barely half the time.
    if (answerer !== null && holdsPatch(own) && sendsPatch(at(depth - 2).map((i) => lines[i]))) add(candidates, answerer, "patchReviewed");
    // A patch quoted deepest, which nothing names the sender of, under a review (d-1) by someone else:
    // the one writing at the top is most often its author, answering the review of it. See the weight
    // `patchAnswered` (evidence-weights.ts).
    const top = single(0);
    const reviewer = single(depth - 1);
    if (depth >= 3 && between === undefined && top !== undefined && isNamed(top) && (reviewer === undefined || !samePerson(reviewer, top)) && holdsPatch(own)) add(candidates, personOf(top), "patchAnswered");
    const greeted = between === undefined ? null : (firstGreeting(lines, at(depth + 1)) ?? atCalled(lines, at(depth + 1)));
    const greeting = depth > 0 && single(depth - 1) !== undefined ? firstGreeting(lines, at(depth - 1)) : null;
    if (greeted !== null || greeting !== null) {
      // Everyone the paste names by a given name, and the writers of the other levels: whom a greeting of several calls.
      givenNames ??= namedByGivenName(lines, start, end);
      const elsewhere = writers.flatMap((here, d) => (d === depth ? [] : here));
      const greetedOne = greeted === null ? null : calledPerson(greeted, givenNames, elsewhere);
      // A greeting d+1 opens with to d+2's writer is d+1 answering them: the turns again, which say
      // nothing of the top writer where the clients' shapes rule the turns out. See the weight `greeted` (evidence-weights.ts).
      const answered = ruledOut && between !== undefined && isNamed(between) ? single(turn) : undefined;
      const answeredBy = greetedOne !== null && answered !== undefined && isNamed(answered) && agree({ name: greetedOne.name, email: null }, personOf(answered));
      if (greetedOne !== null && !answeredBy) add(candidates, { name: greetedOne.name, email: greetedOne.person?.emails[0] ?? null }, "greeted");
      const greetingOne = greeting === null ? null : calledPerson(greeting, givenNames, elsewhere);
      if (greetingOne !== null) add(candidates, { name: greetingOne.name, email: greetingOne.person?.emails[0] ?? null }, greetingOne.person === undefined ? "greetedByAnswerer" : "greetedNamed");
    }
    // The top writer greets the one d+1 answered, not d+1: d+1's writer following up on their own message
    // to d+2 (`Hi Jes, any news?` above their own `Hi Jes, …`). See the weight `greetsTheOneAnswered` (evidence-weights.ts).
    if (depth === 0 && between !== undefined && quoted !== undefined && isNamed(between) && isNamed(quoted) && !samePerson(between, quoted)) {
      const opening = firstGreeting(lines, at(depth));
      givenNames ??= namedByGivenName(lines, start, end);
      const called = opening === null || opening.loose ? null : calledPerson(opening, givenNames, []);
      if (called !== null && agree({ name: called.name, email: null }, personOf(quoted)) && !agree({ name: called.name, email: null }, personOf(between))) add(candidates, personOf(between), "greetsTheOneAnswered");
    }
    shapes ??= attributionShapes(lines, start, end, message);
    // Only of the top writer: see SAME_CLIENT.
    const client = depth === 0 ? sameClient(shapes, depth, single, model) : null;
    if (client !== null) add(candidates, client, "sameClient");
    // The one person the answered reply copies in who writes no level of the paste: see CALLED_IN.
    const answered = depth === 0 && between !== undefined ? at(1).map((i) => lines[i]) : [];
    if (answered.length > 0 && !sendsPatch(answered)) {
      const outsiders = copiedIn(answered).filter((p) => !writers.some((here) => here.some((m) => isPerson(m, p))));
      const [one] = outsiders;
      if (one !== undefined && outsiders.length === 1) add(candidates, one, "calledIn");
    }
    if (candidates.length === 0) return false;
    // People do not address themselves: a name the writer's own words use is somebody else's,
    // unless it is also the name of the one they answer (two people called Dan).
    // The sign-off's own name is no name the writer addresses.
    const words = ownWords(signWord === null ? own : own.filter((l) => l !== lines[last ?? -1]));
    const addressee = between?.names[0];
    const addressed = (name: string): boolean => words.has(givenName(name)) && (addressee === undefined || givenName(addressee) !== givenName(name));
    const readable = candidates.filter((c) => c.name === null || !addressed(c.name));
    if (readable.length > 0) options.onDecision?.({ depth, message, candidates: readable });
    const best = choose(readable, weights);
    if (best === null) return false;
    if (best.name !== null) writer.names.push(best.name);
    if (best.email !== null) writer.emails.push(best.email);
    return true;
  };
  // A writer named here is evidence for the levels around it (`Hi Mike,` at d1 names d2, and Mike at
  // d2 then makes d0 Mike's second turn): the depths are read again while a reading names someone.
  for (let pass = 0, named = true; named && pass < PASSES; pass++) {
    named = false;
    givenNames = null;
    for (let depth = 0; depth < writers.length; depth++) if (nameAt(depth)) named = true;
  }
  // The depths are read once more with the turns around an unnamed answerer, now that the rest of
  // the evidence has had its say on that answerer (a patch's Signed-off-by at d1 naming d2's writer
  // again is no back-and-forth). Upwards (d from d+2) only at the top: the one deeper level the turns
  // named so on the dev lists was a quote nested wrongly, an unnamed level between two named ones.
  // Downwards (d from d-2) at every depth below the first two.
  unnamedTurns = true;
  givenNames = null;
  for (let depth = 0; depth < writers.length; depth++) nameAt(depth);
}

/**
 * The one other named writer whose attribution has the shape of the one at `depth` (their mail client
 * wrote both), when another named writer's attribution has a different shape (the shape tells the
 * writers apart); else null.
 */
function sameClient(shapes: readonly (string | undefined)[], depth: number, single: (depth: number) => Mention | undefined, model: LineModel): { name: string | null; email: string | null } | null {
  const shape = shapes[depth];
  if (shape === undefined) return null;
  let same: Mention | null = null;
  let times = 0;
  const other: Mention[] = [];
  for (let k = 0; k < shapes.length; k++) {
    const writer = single(k);
    if (k === depth || shapes[k] === undefined || writer === undefined || !isNamed(writer)) continue;
    if (shapes[k] !== shape) other.push(writer);
    else if (same === null || samePerson(same, writer)) {
      same ??= writer;
      times++;
    } else return null;
  }
  if (same === null) return null;
  // With no other writer's shape to tell apart, only one writer answering themselves with that
  // client (two levels of theirs, a string of pings), or with a client few write with: two people
  // with Mutt or Gmail are the usual answer. See RARE_SHAPE.
  return other.some((m) => !samePerson(m, same)) || (other.length === 0 && (times >= 2 || rareShape(shape, model))) ? personOf(same) : null;
}

/**
 * The share of bodies (see LineModel.shapeShare) under which one attribution of the top writer's shape
 * names them: a client that few write with wrote both. At 0.1 (below Mutt's shape, in 28% of the list
 * replies, Gmail's, 19%, Evolution's and Thunderbird's numeric dates), on the dev lists +621 body-only and
 * +621 flattened words: one cross-posted thread +323 in each of two lists, samba-technical +45,
 * linux-leds -70 (`uttered the following:` and `wrote:` are one shape); the eval/study and eval/fresh
 * pools +1,292 both (that thread again), nothing lost; held-out +1,758 and +1,952. At 0.05 the dev
 * lists and pools did not move; at 0.16 (Claws's and Evolution's shapes too) dev +76 body-only words,
 * the pools -14; with no share at all, dev lost 627 body-only words that thread aside (two Mutt or
 * Gmail users).
 */
const RARE_SHAPE = 0.1;

/** Whether a shape is one few clients write (see RARE_SHAPE): a dated one (see isDated) that few bodies hold. */
const rareShape = (shape: string, model: LineModel): boolean => isDated(shape) && model.shapeShare(shape) < RARE_SHAPE;

/** The indexes of the worded lines from `start` to `end` by their depth as message `message` reads them (see nameInMessage). */
function linesByDepth(lines: readonly EvidenceLine[], worded: Uint8Array, start: number, end: number, message: number): number[][] {
  const at: number[][] = [];
  for (let i = start; i < end; i++) {
    const line = lines[i];
    if (line === undefined || line.owner === null || worded[i] !== 1) continue;
    (at[line.depth + line.message - message] ??= []).push(i);
  }
  return at;
}

// How many times a message's depths are read: one name rarely leads to more than one other.
const PASSES = 3;

/** A mention's first name and address: the person a candidate stands for. */
const personOf = (m: Mention): { name: string | null; email: string | null } => ({ name: m.names[0] ?? null, email: m.emails[0] ?? null });

/**
 * The index of a writer's last line at a depth (`own` holds the indexes of their lines): content, or
 * a signature whose name no pattern could read (`Regards` / `///jan`), the writer being unnamed.
 */
const lastWords = (own: readonly number[]): number | undefined => own[own.length - 1];

/** Whether a line under `before` stands apart as a sign-off: after a blank line, a finished sentence or a closing. */
function apart(before: EvidenceLine | undefined): boolean {
  return before === undefined || isBlank(before.text) || /[.,!]$/u.test(before.text.trimEnd()) || isClosing(before.text);
}

// A short last line: a dash, tilde or slashes, a closing word and comma that no closing pattern knows
// (`MBR, jan`), a first word of letters, at most one more word (a handle or call sign), an optional
// final comma or period.
const SIGN_LINE = /^[-–—~/\\]{0,3}\s?(?:\p{L}+, ?)?(\p{L}[\p{L}'-]*)(?: [\p{L}\p{N}'.-]+)?[,.]?$/u;

/** The first word of a line shaped like a sign-off, lowercased, or null. */
function signedWord(text: string): string | null {
  const t = text.trim();
  if (t.length > 30) return null;
  const found = SIGN_LINE.exec(t);
  return found === null ? null : (found[1] ?? "").toLowerCase();
}

/** The named writers of one message by lowercased given name (one mention per person). */
function namedByGivenName(lines: readonly EvidenceLine[], start: number, end: number): Map<string, Mention[]> {
  const byName = new Map<string, Mention[]>();
  for (let i = start; i < end; i++) {
    const owner = lines[i]?.owner;
    const name = owner?.names[0];
    if (owner === undefined || owner === null || name === undefined) continue;
    const key = givenName(name).toLowerCase();
    const here = byName.get(key) ?? [];
    if (!here.some((m) => samePerson(m, owner))) here.push(owner);
    byName.set(key, here);
  }
  return byName;
}

/**
 * `next` answered `twice` (who differs from it): the writer at the depth before `next` is probably
 * `twice` again. Returns the person it adds (`twice`), or null when the levels do not alternate.
 */
function alternation(candidates: Scored[], next: Mention | undefined, twice: Mention | undefined, thrice: Mention | undefined, fourth: Mention | undefined): { name: string | null; email: string | null } | null {
  if (next === undefined || twice === undefined || !isNamed(next) || !isNamed(twice) || samePerson(next, twice)) return null;
  const again = thrice !== undefined && samePerson(thrice, next) && fourth !== undefined && samePerson(fourth, twice);
  const person = personOf(twice);
  add(candidates, person, "alternation");
  if (again) add(candidates, person, "alternationAgain");
  return person;
}

/** Whether a writer is the person a candidate stands for: their address, or a name that agrees. */
function isPerson(m: Mention, p: { name: string | null; email: string | null }): boolean {
  return (p.email !== null && m.emails.includes(p.email)) || m.names.some((n) => agree({ name: n, email: null }, p));
}

/** Whether one of `here` is `owner`'s person: a loop, as a callback for `some` would be a closure made on every line. */
function hasPerson(here: readonly Mention[], owner: Mention): boolean {
  for (let k = 0; k < here.length; k++) {
    const m = here[k];
    if (m !== undefined && samePerson(m, owner)) return true;
  }
  return false;
}

/** A person the evidence points at, with how many times each kind of evidence did. */
interface Scored {
  name: string | null;
  email: string | null;
  counts: Partial<Record<EvidenceKind, number>>;
}

/**
 * Counts one kind of evidence (null: none, only the name or address it brings) for the person it
 * agrees with, keeping the fuller name and any address.
 */
function add(candidates: Scored[], c: { name: string | null; email: string | null }, kind: EvidenceKind | null): void {
  let same = candidates.find((x) => agree(x, c));
  if (same === undefined) {
    same = { name: c.name, email: c.email, counts: {} };
    candidates.push(same);
  } else {
    if (c.name !== null && (same.name === null || (c.name.includes(" ") && !same.name.includes(" ")))) same.name = c.name;
    same.email ??= c.email;
  }
  if (kind !== null) same.counts[kind] = (same.counts[kind] ?? 0) + 1;
}

/** A candidate's score: each kind's count times its weight. */
function scoreOf(c: Scored, weights: EvidenceWeights): number {
  let score = 0;
  for (const kind of EVIDENCE_KINDS) score += (c.counts[kind] ?? 0) * weights[kind];
  return score;
}

/** The one candidate that scores more than the least a writer needs (`weights.least`) and than every other, or null. */
function choose(candidates: readonly Scored[], weights: EvidenceWeights): Scored | null {
  let best: Scored | null = null;
  let top = 0;
  let second = 0;
  for (const c of candidates) {
    const score = scoreOf(c, weights);
    if (best === null || score > top) {
      second = best === null ? 0 : Math.max(second, top);
      best = c;
      top = score;
    } else second = Math.max(second, score);
  }
  return best !== null && top > second && top > weights.least ? best : null;
}
