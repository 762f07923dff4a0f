import type { Thread } from "../thread/model.js";
import { groundSummary } from "./grounding.js";
import { SUMMARY_VERSION, type Contention, type Position, type Summary } from "./model.js";
import { speakerSentences, sentencesOf, turnText, type Sentence } from "./sentences.js";

/*
 * The offline summariser: no model, no key. Each speaker's position-bearing sentences are picked
 * from their own content by a score (opinion, obligation, (dis)agreement and reasoning cues, minus
 * greetings, code and fragments), so every claim is the speaker's own words by construction.
 */

/** Version of the extractive rules; enters the provenance like a prompt version does. */
export const EXTRACTIVE_VERSION = "extractive-1";

interface Cue {
  pattern: RegExp;
  weight: number;
}

const CUES: readonly Cue[] = [
  // Stated opinion.
  { pattern: /\b(?:i think|i believe|i feel|i guess|imo|imho|in my (?:view|opinion)|i'?d (?:rather|prefer|say|argue)|i would (?:rather|prefer|argue|say)|i prefer|my (?:view|concern|point|worry|preference))\b/iu, weight: 2.5 },
  // What ought to happen.
  { pattern: /\b(?:should(?:n't)?|must(?:n't)?|needs? to|ha(?:ve|s) to|ought|better|worse|prefer(?:able)?|instead|rather than|propose|suggest|recommend)\b/iu, weight: 1.5 },
  // Agreement and disagreement.
  { pattern: /\b(?:agreed?|disagree|wrong|(?:in)?correct|exactly|indeed|nope|not convinced|makes? (?:no )?sense|nak|nack|acked|lgtm|objection|object to)\b/iu, weight: 2 },
  // Reasons.
  { pattern: /\b(?:because|since|so that|therefore|which means|the (?:problem|issue|point|reason)|otherwise|unless|however)\b/iu, weight: 1 },
  { pattern: /\b(?:not|no|never|don't|doesn't|can't|cannot|won't|isn't|aren't|wouldn't)\b/iu, weight: 0.5 },
  { pattern: /\b(?:i|we|my|our)\b/iu, weight: 0.5 },
];

const GREETING = /^(?:hi|hello|hey|dear|thanks|thank you|many thanks|cheers|regards|best|greetings)\b/iu;
const CODE = /[;{}]|->|==|::|\w\(\)|^\s*[#+-]\w|^\s*\/\//u;
const URL_ONLY = /^\S*(?:https?:\/\/|www\.)\S*$/iu;

const words = (text: string): string[] => text.split(/\s+/u).filter((w) => w !== "");

/** How strongly a sentence states a position; higher is better. */
export function positionScore(s: Pick<Sentence, "text" | "inParagraph" | "repliesTo">): number {
  const text = s.text;
  const n = words(text).length;
  let score = 0;
  for (const cue of CUES) if (cue.pattern.test(text)) score += cue.weight;
  if (n < 5) score -= 3;
  if (n > 60) score -= 1.5;
  if (GREETING.test(text)) score -= 3;
  if (CODE.test(text) || symbolShare(text) > 0.15) score -= 3;
  if (URL_ONLY.test(text)) score -= 3;
  if (text.endsWith("?")) score -= 1;
  if (s.inParagraph === 0) score += 0.5;
  if (s.repliesTo !== null) score += 0.5;
  return score;
}

function symbolShare(text: string): number {
  const symbols = text.match(/[^\p{L}\p{N}\s.,'’"“”!?()-]/gu)?.length ?? 0;
  return symbols / Math.max(1, text.length);
}

const MAX_POSITIONS = 4;
const WORDS_PER_POSITION = 60;
const MAX_OVERLAP = 0.5;
const STANCE_CHARS = 160;
const CLAIM_CHARS = 240;

/** Shortens text at a word boundary, marking the cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function overlap(a: string, b: string): number {
  const x = new Set(words(a.toLowerCase()));
  const y = new Set(words(b.toLowerCase()));
  let both = 0;
  for (const w of x) if (y.has(w)) both++;
  return both / Math.max(1, Math.min(x.size, y.size));
}

/** A sentence's {@link positionScore}, worked out once per summary: a paste can hold 100k+ sentences. */
type ScoreOf = (s: Sentence) => number;

/** The best few sentences, most position-bearing first, no two saying nearly the same. */
function pick(sentences: readonly Sentence[], scoreOf: ScoreOf): Sentence[] {
  const total = sentences.reduce((n, s) => n + words(s.text).length, 0);
  const wanted = Math.max(1, Math.min(MAX_POSITIONS, Math.round(total / WORDS_PER_POSITION)));
  const ranked = sentences
    .map((s) => ({ s, score: scoreOf(s) }))
    .filter(({ score }) => score > 0)
    .sort((a, b) => b.score - a.score || a.s.order - b.s.order);
  const chosen: Sentence[] = [];
  for (const { s } of ranked) {
    if (chosen.length >= wanted) break;
    if (chosen.some((c) => overlap(c.text, s.text) > MAX_OVERLAP)) continue;
    chosen.push(s);
  }
  // A speaker who wrote only short or plain sentences still gets their best one.
  if (chosen.length === 0) {
    // The highest score, the earliest of equals: one pass, not a sort.
    let best: Sentence | undefined;
    for (const s of sentences) if (best === undefined || scoreOf(s) > scoreOf(best) || (scoreOf(s) === scoreOf(best) && s.order < best.order)) best = s;
    if (best !== undefined) chosen.push(best);
  }
  return chosen;
}

/**
 * The chosen sentences as positions: those of one turn (one reply to one quote) make one position,
 * its best sentence the claim and all of them, in thread order, the evidence.
 */
function groupByTurn(chosen: readonly Sentence[]): Position[] {
  const byTurn = new Map<number, Sentence[]>();
  for (const s of chosen) {
    const group = byTurn.get(s.turn);
    if (group === undefined) byTurn.set(s.turn, [s]);
    else group.push(s);
  }
  return [...byTurn.values()]
    .map((group) => group.sort((a, b) => a.order - b.order))
    .sort((a, b) => (a[0]?.order ?? 0) - (b[0]?.order ?? 0))
    .map((group) => {
      // `chosen` is ranked best first; the best of the group leads.
      const best = chosen.find((s) => group.includes(s)) ?? group[0];
      return { claim: claimOf(best?.text ?? ""), evidence: group.map((s) => s.text), replies_to: best?.repliesTo ?? null };
    });
}

const LEADING_FILLER = /^(?:so|well|and|but|also|ok|okay|now|then),?\s+/iu;

function claimOf(text: string): string {
  const stripped = text.replace(LEADING_FILLER, "");
  return stripped.charAt(0).toUpperCase() + stripped.slice(1);
}

const DISAGREES = /^(?:no\b|nope|nak|nack|i (?:disagree|don'?t (?:think|agree|see)|do not (?:think|agree)|doubt)|i'?m not (?:sure|convinced)|that'?s not|that is not|not really|not quite|wrong)|\b(?:disagree|not convinced|(?:does ?n[o']t|does not) make sense)\b/iu;
const YES_BUT = /^(?:yes|yeah|yep|sure|right|ok(?:ay)?|true),?\s+but\b/iu;
const AGREES = /^(?:yes\b|yeah|yep|agreed|i agree|right\b|exactly|indeed|sounds good|makes sense|fair enough|\+1|ack\b|acked|lgtm|good point)/iu;

/** Agreements and contentions kept: the first few, in thread order. */
const MAX_STANCES = 5;

/** Replies that open by agreeing or disagreeing with the quote they answer. */
function stancesOnReplies(thread: Thread, sentences: readonly Sentence[], nameOf: (id: string) => string): { agreements: string[]; contentions: Contention[] } {
  const agreements: string[] = [];
  const contentions: Contention[] = [];
  const seenTurns = new Set<number>();
  const following = nextInTurn(sentences);
  for (const [i, s] of sentences.entries()) {
    if (s.repliesTo === null || seenTurns.has(s.turn) || s.inParagraph !== 0) continue;
    seenTurns.add(s.turn);
    // `Yeah, but ...` concedes a word and then disagrees.
    const disagrees = DISAGREES.test(s.text) || YES_BUT.test(s.text);
    // The quote answered is read only for a reply that is kept: a paste can hold 100k replies.
    if (disagrees ? contentions.length >= MAX_STANCES : !AGREES.test(s.text) || agreements.length >= MAX_STANCES) continue;
    const point = pointAnswered(thread, s.turn);
    if (point === undefined) continue;
    // A bare `No.` says little: the sentence after it carries the reason.
    const reply = words(s.text).length < 4 ? [s.text, following[i]?.text ?? ""].join(" ").trim() : s.text;
    if (disagrees) {
      contentions.push({
        point: clip(point, STANCE_CHARS),
        sides: [
          { speaker: s.repliesTo, position: clip(point, CLAIM_CHARS) },
          { speaker: s.speaker, position: clip(reply, CLAIM_CHARS) },
        ],
      });
    } else {
      agreements.push(`${nameOf(s.speaker)} agrees with ${nameOf(s.repliesTo)}: “${clip(point, STANCE_CHARS)}”`);
    }
  }
  return { agreements, contentions };
}

/** The last position-bearing sentence of the quote that turn `turnId` answers, if any. */
function pointAnswered(thread: Thread, turnId: number): string | undefined {
  const answeredId = thread.turns[turnId]?.replies_to ?? null;
  const answered = answeredId === null ? undefined : thread.turns[answeredId];
  if (answered === undefined) return undefined;
  const points = sentencesOf(turnText(thread, answered.segments)).filter((t) => positionScore({ text: t, inParagraph: 1, repliesTo: null }) > -1);
  return points[points.length - 1];
}

/** For each sentence, the next one of its turn (in thread order), found in one pass from the end. */
function nextInTurn(sentences: readonly Sentence[]): (Sentence | undefined)[] {
  const next: (Sentence | undefined)[] = [];
  const laterOf = new Map<number, Sentence>();
  for (let i = sentences.length - 1; i >= 0; i--) {
    const s = sentences[i];
    if (s === undefined) continue;
    next[i] = laterOf.get(s.turn);
    laterOf.set(s.turn, s);
  }
  return next;
}

/** The thread's subject line when a header carries one, else its earliest position-bearing sentence. */
function topicOf(thread: Thread, sentences: readonly Sentence[], scoreOf: ScoreOf): string {
  for (const seg of thread.segments) {
    if (seg.role !== "header") continue;
    const subject = /^[^\S\n\r\u2028\u2029]*(?:subject|objet|betreff|asunto|oggetto)[^\S\n\r\u2028\u2029]*:\s*(\S.*)$/imu.exec(seg.text)?.[1];
    if (subject !== undefined) return clip(subject.replace(/^(?:(?:re|aw|sv|fwd?|wg)\s*:\s*)+/iu, "").trim(), STANCE_CHARS);
  }
  // The deepest quote is the oldest message: where the discussion started.
  const deepest = thread.turns.reduce((max, t) => Math.max(max, t.depth), 0);
  const rootTurns = new Set(thread.turns.filter((t) => t.depth === deepest).map((t) => t.id));
  const first = sentences.find((s) => rootTurns.has(s.turn) && scoreOf(s) > -1) ?? sentences.find((s) => scoreOf(s) > 0) ?? sentences[0];
  return first === undefined ? "" : clip(first.text, STANCE_CHARS);
}

/**
 * Summarises a thread without a model: per speaker the most position-bearing sentences of their own
 * content as positions (each its own evidence), the best of them as the stance; replies that open
 * by (dis)agreeing as agreements and contentions; the questions asked as open questions.
 */
export function summariseExtractive(thread: Thread): Summary {
  const sentences = speakerSentences(thread);
  // `order` is the sentence's index in `sentences`.
  const scores = Float64Array.from(sentences, (s) => positionScore(s));
  const scoreOf: ScoreOf = (s) => scores[s.order] ?? positionScore(s);
  const names = new Map<string, string>();
  for (const sp of thread.speakers) if (!names.has(sp.id)) names.set(sp.id, sp.name);
  const nameOf = (id: string): string => names.get(id) ?? id;
  // Each speaker's sentences gathered in one pass: a paste can name tens of thousands of speakers.
  const bySpeaker = new Map<string, Sentence[]>();
  for (const s of sentences) {
    const own = bySpeaker.get(s.speaker);
    if (own === undefined) bySpeaker.set(s.speaker, [s]);
    else own.push(s);
  }
  const speakers = thread.speakers.flatMap((sp) => {
    const own = bySpeaker.get(sp.id);
    if (own === undefined) return [];
    const chosen = pick(own, scoreOf);
    const positions = groupByTurn(chosen);
    return [{ id: sp.id, name: sp.name, stance: chosen[0] === undefined ? "" : clip(claimOf(chosen[0].text), STANCE_CHARS), positions }];
  });
  const { agreements, contentions } = stancesOnReplies(thread, sentences, nameOf);
  const questions = sentences
    .filter((s) => s.text.endsWith("?") && words(s.text).length >= 5 && positionScore({ ...s, text: s.text.slice(0, -1) }) > -2)
    .slice(0, 5)
    .map((s) => `${nameOf(s.speaker)}: ${clip(s.text, CLAIM_CHARS)}`);
  const summary: Summary = {
    version: SUMMARY_VERSION,
    topic: topicOf(thread, sentences, scoreOf),
    speakers,
    agreements,
    contentions,
    open_questions: questions,
    provenance: { mode: "extractive", model: "extractive", provider: "local", prompt_version: EXTRACTIVE_VERSION, calls: 0, prompt_tokens: 0, completion_tokens: 0, dropped_claims: 0, missing: [], cached: false },
  };
  // Claims are quotes already; grounding proves it and keeps the two summarisers to one contract.
  return groundSummary(summary, thread);
}
