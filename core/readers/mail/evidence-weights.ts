/**
 * How much each kind of evidence weighs when the writers nothing named (no attribution, header,
 * sign-off or signature) are named from the rest of a body (see author-evidence.ts). The kinds are
 * fixed by the code that finds them; the weights are numbers, so that a tool can fit them on real
 * replies (`npx tsx test/tools/fit-weights.ts evidence`) and a parse can be run with other ones.
 */

export const EVIDENCE_KINDS = [
  "signedOff",
  "review",
  "reportRequest",
  "signedAsNamed",
  "alternation",
  "alternationAgain",
  "backAndForth",
  "turnsBelow",
  "sameShapeTurns",
  "patchReviewed",
  "greeted",
  "greetedByAnswerer",
  "greetedNamed",
  "greetsTheOneAnswered",
  "sameClient",
  "calledIn",
  "patchAnswered",
] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/** A weight for each kind of evidence, and the score a person needs (`least`) to be named at all. */
export type EvidenceWeights = Readonly<Record<EvidenceKind | "least", number>>;

/** One writer's reading: each person the evidence points at, with how many times each kind did. */
export interface EvidenceDecision {
  /** The depth read, in the message whose levels are read (`message`). */
  depth: number;
  message: number;
  candidates: { name: string | null; email: string | null; counts: Partial<Record<EvidenceKind, number>> }[];
}

/** How a parse names the writers nothing named: the weights, and who is told of each reading. */
export interface EvidenceOptions {
  weights?: EvidenceWeights;
  /** Called with every reading that found a candidate, named or not (for fitting the weights). */
  onDecision?: (decision: EvidenceDecision) => void;
}

/**
 * The weights a parse uses unless told others. Each was set by hand, one kind at a time, on the dev
 * lists. Fitted together since (coordinate search on the dev lists and the eval/study pool), the only
 * move was `review` 3 -> 4.5 (+0.0001 of the mean, one list; held-out words unchanged), and a `least`
 * above 0 never helped: not taken.
 *
 * How much each kind of evidence weighs. A writer is named when one person scores more than any
 * other: a tie is unknown. Any one kind of evidence is enough, the weakest (the turns) included:
 * on the dev lists, naming on the turns alone took body-only pastes from 0.914 to 0.929 (words once
 * unknown though the paste names their writer, 5.1% to 1.7%, against words given to another
 * person, 3.2% to 5.0%): the one quoted two levels down is the writer about two times in three.
 * (A patch's trailers weigh more.)
 */
export const EVIDENCE_WEIGHTS: EvidenceWeights = {
  // Any evidence at all is enough, where one person has more of it than anyone else.
  least: 0,
  // The last `Signed-off-by:` of a patch at a writer's depth is usually the one who sent it: their own
  // word, more than the shape of the thread says (the turns with a patch or a greeting, 2).
  signedOff: 2.5,
  // `Reviewed-by: Name <addr>` in a writer's own text is that writer's word.
  review: 3,
  // A report's request to be credited (`kindly add following tag` / `Reported-by: …`): see patch-trailers.ts.
  reportRequest: 3,
  // A conversation between two people alternates: d+2 (whom d+1 answered) is often d again.
  alternation: 1,
  // The turns when d+1's writer is unnamed: d+2, whom d+1 answered, is d again. On the dev lists, of the
  // top levels left unknown it names 3 body-only pastes and 5 flattened ones, all rightly (1,679 words).
  // Other shapes stay unknown: d+1 with no words of its own was right for 1 body paste and 8 of 15
  // flattened ones; d+1 and d+2 one person (someone following up on themselves) 4 of 10 and 5 of 14.
  backAndForth: 1,
  // The turns read downwards when d-1's writer is unnamed: d, whom d-1 quoted, is d-2 again (a writer
  // quoting the unnamed answer to their own earlier words). On the dev lists it names about 700 body-only
  // words once unknown though named, against some 30 given to the wrong person (d-1 the same person as
  // d-2, or d-2 a reviewer quoting the patch it reviews).
  turnsBelow: 1,
  // ... and more so when the next pair of levels alternates the same way.
  alternationAgain: 1,
  // d+1 answered a patch that d+2 sent: the patch's author answers the review of it. With the
  // alternation, 20 of the 25 writers it decides on the dev lists are right (alternation alone: under 2 in 3).
  patchReviewed: 1,
  // `Hi Jan,` opening the quoted text that a writer answers was addressed to that writer: more than the
  // turns alone say (on the dev lists, 78 body-only and 65 flattened words once unknown named, 5 wrongly),
  // less than the turns taken twice or a patch's Signed-off-by. A name that text calls out with an at sign
  // (`@Andrew, any guidance here?`) weighs as much where no greeting opens it: on the dev lists +108 body-only
  // and +107 flattened words on dev-A, +90 and +54 on dev-B, no author named nowhere given a name.
  // Not when it greets d+2's writer, whom d+1 answers, where the top writer's attribution and d+2's differ
  // in shape: that is the turns read off a greeting, which the shapes ruled out. On dev-A and dev-C the top
  // writers it named so were all someone the paste names nowhere: +140 body-only and +140 flattened words
  // (with attributionShape reading a bare address as the name it stands for), dev-B +29 flattened.
  greeted: 1.5,
  // `Hi Jan,` opening a writer's own text greets the one they answer, the writer one level deeper: as
  // plain as a sign-off (on the dev lists, 330 words named right against 17 named by a shorter form
  // of the gold name). When Jan is someone the paste names elsewhere it outweighs the turns with a
  // reviewed patch (2): the answerer's own word against the shape of the thread.
  greetedByAnswerer: 2,
  greetedNamed: 2.5,
  // A last line no sign-off pattern takes (`///jan`, `- Jan xk7abc`, `jan`) whose first word is the given
  // name of someone the paste names elsewhere: that person signing, as plain a sign-off as any.
  signedAsNamed: 2,
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
  sameClient: 2.5,
  // The turns at the top where d+1 left no words of its own (in a flattened paste, its answer read into the
  // level it quotes), when the top writer's attribution has the shape of d+2's: where the turns name the
  // top writer and the two shapes agree, 60 of 67 body-only pastes are right. On the dev lists it names 2
  // flattened top writers once unknown, both rightly (+53 words; body and headers unchanged); fitted
  // leave-one-list-out (take it or not, and weights 1 or 2.5, chosen on 30 lists), every list takes it.
  sameShapeTurns: 1,
  // The top writer's own greeting calls d+2's writer, whom d+1 answered, and not d+1's: a writer following
  // up on their own message greets again the one it was to (`Hi Jes, any news on this one?` above their
  // own `Hi Jes, …`), where the turns name Jes, whom the greeting rules out, and leave the writer unknown.
  // On the dev lists it names 2 body-only and 1 flattened top writers once unknown, all rightly (+55 and
  // +48 words on dev-A; dev-B unchanged): someone greeting a third person above the message they answer
  // would be named wrongly, and none does.
  greetsTheOneAnswered: 2,
  // The one person the text the top writer answers copies in (`[ cc Ann Lee <ann@…> ]`), who writes no
  // level of the paste: the one asked to join, answering. Weaker than any other evidence, so it names
  // only a top writer nothing else does. Only where that text sends no patch: a patch's own `Cc:` list
  // (and its `Reviewed-by:`/`Tested-by:`) names people who may answer, but so does anyone; taking them
  // too named 12 top writers on dev-A, 8 rightly (+300 body-only words), but 8 of 11 on dev-B and dev-C
  // wrongly (-90 and -12). Copied in by a reply, on dev-A: 1 named, rightly (+79 body-only, +75 flattened);
  // dev-B and dev-C unchanged.
  calledIn: 0.5,
  // A patch quoted deepest (d at least 3) that nothing names the sender of, under a review by someone other
  // than the top writer: the top writer is its author, answering the review of it (the patch's author
  // following up to the reviewers' exchange about it). More than the turns (1), less than the patch's own
  // Signed-off-by (2.5). On the dev lists: +1,119 body-only and +1,247 flattened words, from two threads
  // (one of them quoted in six replies), none lost; held-out +94 flattened words (one thread); the
  // eval/fresh pool +380 body-only, eval/study -57 (a reviewer's patch-less answer at the top named a patch
  // whose author the paste names nowhere, where unknown was right).
  patchAnswered: 1.5,
};
