import type { Mention } from "../../thread/speakers.js";
import { givenName } from "../../thread/names.js";
import { isClosing } from "./boilerplate.js";
import { atCalled, calledPerson, firstGreeting } from "./greetings.js";
import { isBlank } from "./lines.js";
import { attributionShapes } from "./client-shapes.js";
import { ownWords } from "./own-words.js";
import { agree, type Candidate, copiedIn, holdsPatch, ownTrailers, patchBelow, sendsPatch } from "./patch-trailers.js";
import { completeFromReview, completeFromTurns, isNamed, samePerson } from "./complete-names.js";

/** What naming the writers of a body needs of each line: its depth, message, role and writer. */
export interface EvidenceLine {
  depth: number;
  text: string;
  role: string;
  owner: Mention | null;
  message: number;
}

// How much each kind of evidence weighs. A writer is named when one person scores more than any
// other: a tie is unknown. Any one kind of evidence is enough, the weakest (the turns) included:
// on the dev lists, naming on the turns alone took body-only pastes from 0.914 to 0.929 (words once
// unknown though the paste names their writer, 5.1% to 1.7%, against words given to another
// person, 3.2% to 5.0%): the one quoted two levels down is the writer about two times in three.
// (A patch's trailers weigh more: see patch-trailers.ts.)
// A conversation between two people alternates: d+2 (whom d+1 answered) is often d again.
const ALTERNATION = 1;
// The turns when d+1's writer is unnamed: d+2, whom d+1 answered, is d again. On the dev lists, of the
// top levels left unknown it names 3 body-only pastes and 5 flattened ones, all rightly (1,679 words).
// Other shapes stay unknown: d+1 with no words of its own was right for 1 body paste and 8 of 15
// flattened ones; d+1 and d+2 one person (someone following up on themselves) 4 of 10 and 5 of 14.
const BACK_AND_FORTH = ALTERNATION;
// The turns read downwards when d-1's writer is unnamed: d, whom d-1 quoted, is d-2 again (a writer
// quoting the unnamed answer to their own earlier words). On the dev lists it names about 700 body-only
// words once unknown though named, against some 30 given to the wrong person (d-1 the same person as
// d-2, or d-2 a reviewer quoting the patch it reviews).
const TURNS_BELOW = ALTERNATION;
// ... and more so when the next pair of levels alternates the same way.
const ALTERNATION_AGAIN = 1;
// d+1 answered a patch that d+2 sent: the patch's author answers the review of it. With the
// alternation, 20 of the 25 writers it decides on the dev lists are right (alternation alone: under 2 in 3).
const PATCH_REVIEWED = 1;
// `Hi Jan,` opening the quoted text that a writer answers was addressed to that writer: more than the
// turns alone say (on the dev lists, 78 body-only and 65 flattened words once unknown named, 5 wrongly),
// less than the turns taken twice or a patch's Signed-off-by. A name that text calls out with an at sign
// (`@Andrew, any guidance here?`) weighs as much where no greeting opens it: on the dev lists +108 body-only
// and +107 flattened words on dev-A, +90 and +54 on dev-B, no author named nowhere given a name.
// Not when it greets d+2's writer, whom d+1 answers, where the top writer's attribution and d+2's differ
// in shape: that is the turns read off a greeting, which the shapes ruled out. On dev-A and dev-C the top
// writers it named so were all someone the paste names nowhere: +140 body-only and +140 flattened words
// (with attributionShape reading a bare address as the name it stands for), dev-B +29 flattened.
const GREETED = 1.5;
// `Hi Jan,` opening a writer's own text greets the one they answer, the writer one level deeper: as
// plain as a sign-off (on the dev lists, 330 words named right against 17 named by a shorter form
// of the gold name). When Jan is someone the paste names elsewhere it outweighs the turns with a
// reviewed patch (2): the answerer's own word against the shape of the thread.
const GREETED_BY_ANSWERER = 2;
const GREETED_NAMED = 2.5;
// A last line no sign-off pattern takes (`///jan`, `- Jan xk7abc`, `jan`) whose first word is the given
// name of someone the paste names elsewhere: that person signing, as plain a sign-off as any.
const SIGNED_AS_NAMED = 2;
// The top writer's attribution has the shape of one a named writer's client wrote elsewhere in the
// paste, and not of another's (see sameClient): the same client, the same person, most often someone
// following up on their own message (a ping, a correction), where the turns name the one they had
// answered. Outweighs the turns with a reviewed patch (2). On the dev lists: +569 body-only and +609
// flattened words right (of those named in their own attribution, +362 and +316), about 55 lost (a
// writer whose client writes two shapes). Read at deeper levels it lost 90 flattened words, gained none.
// With no other writer's shape, a writer's two levels of one shape (a string of pings) name them: +131
// body-only and +241 flattened words, none lost; any one writer's shape alone gained about 1,100
// body-only words but gave some 750 to the wrong one of two people with one client.
// (Measured with a shape that kept punctuation; with the date-and-time shape the turns use, the two
// rules together gain +141 body-only and +90 flattened words on the dev lists more than that one did.)
const SAME_CLIENT = 2.5;
// The turns at the top where d+1 left no words of its own (in a flattened paste, its answer read into the
// level it quotes), when the top writer's attribution has the shape of d+2's: where the turns name the
// top writer and the two shapes agree, 60 of 67 body-only pastes are right. On the dev lists it names 2
// flattened top writers once unknown, both rightly (+53 words; body and headers unchanged); fitted
// leave-one-list-out (take it or not, and weights 1 or 2.5, chosen on 30 lists), every list takes it.
const SAME_SHAPE_TURNS = ALTERNATION;
// The top writer's own greeting calls d+2's writer, whom d+1 answered, and not d+1's: a writer following
// up on their own message greets again the one it was to (`Hi Jes, any news on this one?` above their
// own `Hi Jes, …`), where the turns name Jes, whom the greeting rules out, and leave the writer unknown.
// On the dev lists it names 2 body-only and 1 flattened top writers once unknown, all rightly (+55 and
// +48 words on dev-A; dev-B unchanged): someone greeting a third person above the message they answer
// would be named wrongly, and none does.
const GREETS_THE_ONE_ANSWERED = 2;
// The one person the text the top writer answers copies in (`[ cc Ann Lee <ann@…> ]`), who writes no
// level of the paste: the one asked to join, answering. Weaker than any other evidence, so it names
// only a top writer nothing else does. Only where that text sends no patch: a patch's own `Cc:` list
// (and its `Reviewed-by:`/`Tested-by:`) names people who may answer, but so does anyone; taking them
// too named 12 top writers on dev-A, 8 rightly (+300 body-only words), but 8 of 11 on dev-B and dev-C
// wrongly (-90 and -12). Copied in by a reply, on dev-A: 1 named, rightly (+79 body-only, +75 flattened);
// dev-B and dev-C unchanged.
const CALLED_IN = 0.5;

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
 * scores enough and more than any other, and never after someone their own text greets.
 */
export function nameFromEvidence(lines: readonly EvidenceLine[]): void {
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
    nameInMessage(lines, worded, starts[k] ?? 0, starts[Math.min(k + 1 + CHAIN_LOOKAHEAD, starts.length - 1)] ?? lines.length);
  }
}

// How many of the messages below one in a chain its evidence reads.
const CHAIN_LOOKAHEAD = 2;

function nameInMessage(lines: readonly EvidenceLine[], worded: Uint8Array, start: number, end: number): void {
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
    const own = at(depth).map((i) => lines[i]).filter((l) => l !== undefined);
    const { signedOff, reviews } = ownTrailers(own, depth);
    if (isNamed(writer)) {
      completeFromReview(writer, signedOff === null ? reviews : [signedOff]);
      // The patch d+2 sent signs off with its address (`Signed-off-by: Waiman Long <longman@…>`): a
      // sign-off may be its local part (`Longman`) however the attribution above it spelt the name.
      const sent = ownTrailers(at(depth + 2).map((i) => lines[i]).filter((l) => l !== undefined), depth + 2).signedOff;
      const twice = single(depth + 2);
      completeFromTurns(writer, single(depth + 1), twice, sent !== null && twice !== undefined && agree(sent, personOf(twice)) ? sent.email : null);
      return false;
    }
    const candidates: Candidate[] = [];
    if (signedOff !== null) add(candidates, signedOff);
    // Beside a Signed-off-by the writer's text is a patch, whose Reviewed-by lines name the people who
    // reviewed an earlier version of it, not the one sending it.
    else for (const review of reviews) add(candidates, review);
    const last = lastWords(at(depth));
    const sent = depth === 0 && last !== undefined ? patchBelow(lines, last, end) : null;
    if (sent !== null) add(candidates, sent);
    const signWord = last === undefined || !apart(lines[last - 1]) ? null : signedWord(lines[last]?.text ?? "");
    if (signWord !== null) {
      givenNames ??= namedByGivenName(lines, start, end);
      for (const m of givenNames.get(signWord) ?? []) add(candidates, { ...personOf(m), score: SIGNED_AS_NAMED });
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
      if (sent !== null && sent.email !== null && agree(sent, twice)) add(candidates, { ...twice, email: sent.email, score: 0 });
    }
    // d+1 answered d+2 by name, but nothing names d+1 (a client that writes no attribution line leaves
    // the answerer unnamed): the same back-and-forth. See BACK_AND_FORTH.
    if (unnamedTurns && depth === 0 && between !== undefined && !isNamed(between) && quoted !== undefined && isNamed(quoted)) add(candidates, { ...personOf(quoted), score: BACK_AND_FORTH });
    // The same turns read downwards: d-2's writer is named, d-1 answered them unnamed, and d, whom
    // d-1 quoted, is d-2 again (a writer quoting the answer to their own earlier words). See TURNS_BELOW.
    const answering = single(depth - 1);
    const asked = depth >= 2 ? single(depth - 2) : undefined;
    if (unnamedTurns && answering !== undefined && !isNamed(answering) && asked !== undefined && isNamed(asked)) add(candidates, { ...personOf(asked), score: TURNS_BELOW });
    // The top writer's attribution has the shape of d+2's and d+1 left no words of its own (a flattened
    // answer read into the level it quotes): the turns with the shapes agreeing. See SAME_SHAPE_TURNS.
    if (depth === 0 && between === undefined && quoted !== undefined && isNamed(quoted) && sameShape(0, 2)) add(candidates, { ...personOf(quoted), score: SAME_SHAPE_TURNS });
    // Only beside the alternation, whose conditions (two people, both named) make d+1 an answer to the patch.
    if (twice !== null && holdsPatch(at(depth + 2).map((i) => lines[i]))) add(candidates, { ...twice, score: PATCH_REVIEWED });
    const answerer = depth >= 2 ? alternation(candidates, single(depth - 1), single(depth - 2), single(depth - 3), single(depth - 4)) : null;
    // The mirror: d-1 reviewed the patch at d, and d-2 answered the review with a patch (its Signed-off-by
    // or diff): a new version, answering the review of its author's earlier one. On the dev lists it decides
    // 3 writers (80 words), all right; a patch alone under an answered review is d-2's barely half the time.
    if (answerer !== null && holdsPatch(own) && sendsPatch(at(depth - 2).map((i) => lines[i]))) add(candidates, { ...answerer, score: PATCH_REVIEWED });
    const greeted = between === undefined ? null : (firstGreeting(lines, at(depth + 1)) ?? atCalled(lines, at(depth + 1)));
    const greeting = depth > 0 && single(depth - 1) !== undefined ? firstGreeting(lines, at(depth - 1)) : null;
    if (greeted !== null || greeting !== null) {
      // Everyone the paste names by a given name, and the writers of the other levels: whom a greeting of several calls.
      givenNames ??= namedByGivenName(lines, start, end);
      const elsewhere = writers.flatMap((here, d) => (d === depth ? [] : here));
      const greetedOne = greeted === null ? null : calledPerson(greeted, givenNames, elsewhere);
      // A greeting d+1 opens with to d+2's writer is d+1 answering them: the turns again, which say
      // nothing of the top writer where the clients' shapes rule the turns out. See GREETED.
      const answered = ruledOut && between !== undefined && isNamed(between) ? single(turn) : undefined;
      const answeredBy = greetedOne !== null && answered !== undefined && isNamed(answered) && agree({ name: greetedOne.name, email: null }, personOf(answered));
      if (greetedOne !== null && !answeredBy) add(candidates, { name: greetedOne.name, email: greetedOne.person?.emails[0] ?? null, score: GREETED });
      const greetingOne = greeting === null ? null : calledPerson(greeting, givenNames, elsewhere);
      if (greetingOne !== null) add(candidates, { name: greetingOne.name, email: greetingOne.person?.emails[0] ?? null, score: greetingOne.person === undefined ? GREETED_BY_ANSWERER : GREETED_NAMED });
    }
    // The top writer greets the one d+1 answered, not d+1: d+1's writer following up on their own message
    // to d+2 (`Hi Jes, any news?` above their own `Hi Jes, …`). See GREETS_THE_ONE_ANSWERED.
    if (depth === 0 && between !== undefined && quoted !== undefined && isNamed(between) && isNamed(quoted) && !samePerson(between, quoted)) {
      const opening = firstGreeting(lines, at(depth));
      givenNames ??= namedByGivenName(lines, start, end);
      const called = opening === null || opening.loose ? null : calledPerson(opening, givenNames, []);
      if (called !== null && agree({ name: called.name, email: null }, personOf(quoted)) && !agree({ name: called.name, email: null }, personOf(between))) add(candidates, { ...personOf(between), score: GREETS_THE_ONE_ANSWERED });
    }
    shapes ??= attributionShapes(lines, start, end, message);
    // Only of the top writer: see SAME_CLIENT.
    const client = depth === 0 ? sameClient(shapes, depth, single) : null;
    if (client !== null) add(candidates, { ...client, score: SAME_CLIENT });
    // The one person the answered reply copies in who writes no level of the paste: see CALLED_IN.
    const answered = depth === 0 && between !== undefined ? at(1).map((i) => lines[i]) : [];
    if (answered.length > 0 && !sendsPatch(answered)) {
      const outsiders = copiedIn(answered).filter((p) => !writers.some((here) => here.some((m) => isPerson(m, p))));
      const [one] = outsiders;
      if (one !== undefined && outsiders.length === 1) add(candidates, { ...one, score: CALLED_IN });
    }
    if (candidates.length === 0) return false;
    // People do not address themselves: a name the writer's own words use is somebody else's,
    // unless it is also the name of the one they answer (two people called Dan).
    // The sign-off's own name is no name the writer addresses.
    const words = ownWords(signWord === null ? own : own.filter((l) => l !== lines[last ?? -1]));
    const addressee = between?.names[0];
    const addressed = (name: string): boolean => words.has(givenName(name)) && (addressee === undefined || givenName(addressee) !== givenName(name));
    const best = choose(candidates.filter((c) => c.name === null || !addressed(c.name)));
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
function sameClient(shapes: readonly (string | undefined)[], depth: number, single: (depth: number) => Mention | undefined): { name: string | null; email: string | null } | null {
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
  // client (two levels of theirs, a string of pings): two people with one client are the usual answer.
  return other.some((m) => !samePerson(m, same)) || (other.length === 0 && times >= 2) ? personOf(same) : null;
}

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
function alternation(candidates: Candidate[], next: Mention | undefined, twice: Mention | undefined, thrice: Mention | undefined, fourth: Mention | undefined): { name: string | null; email: string | null } | null {
  if (next === undefined || twice === undefined || !isNamed(next) || !isNamed(twice) || samePerson(next, twice)) return null;
  const again = thrice !== undefined && samePerson(thrice, next) && fourth !== undefined && samePerson(fourth, twice);
  const person = personOf(twice);
  add(candidates, { ...person, score: ALTERNATION + (again ? ALTERNATION_AGAIN : 0) });
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

/** Adds a candidate's score to the person it agrees with, keeping the fuller name and any address. */
function add(candidates: Candidate[], c: Candidate): void {
  const same = candidates.find((x) => agree(x, c));
  if (same === undefined) {
    candidates.push({ ...c });
    return;
  }
  same.score += c.score;
  if (c.name !== null && (same.name === null || (c.name.includes(" ") && !same.name.includes(" ")))) same.name = c.name;
  same.email ??= c.email;
}

/** The one candidate that scores more than every other, or null. */
function choose(candidates: readonly Candidate[]): Candidate | null {
  let best: Candidate | null = null;
  let second = 0;
  for (const c of candidates) {
    if (best === null || c.score > best.score) {
      second = best?.score ?? 0;
      best = c;
    } else second = Math.max(second, c.score);
  }
  return best !== null && best.score > second ? best : null;
}
