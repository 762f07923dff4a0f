/**
 * What the search that restores a flattened paste's line ends (unflatten.ts, line-ends.ts) charges,
 * in nats, for the ways a reading can go against what lines look like, beside the line model's own
 * costs. They are numbers a tool can fit on real replies (`npx tsx test/tools/fit-weights.ts flat`) and a line
 * model carries, so that a parse can be run with other ones.
 */

/** The costs, one per kind of evidence against a reading (see FLAT_COSTS). */
export interface FlatCosts {
  longStep: number;
  longSlope: number;
  lowercaseStart: number;
  codeLabelCut: number;
  openReply: number;
  trailerRunOn: number;
  attributionCut: number;
  lastSignOff: number;
  ruleInside: number;
  answerInside: number;
  questionInside: number;
  continuedStopInside: number;
  greetingGoesOn: number;
  literalMarker: number;
  longReply: number;
  unwrappedRunOn: number;
  wrappedRunOn: number;
  snipCut: number;
  signOffOnlyReply: number;
}

/**
 * The costs a line model carries unless given others, each set by hand on the dev lists. Fitted
 * together since, four moved (+1,082 dev flattened words, 947 of them on one list) and lost 863
 * held-out words; taking only a change that gains without the list it helps most, none moves.
 */
export const FLAT_COSTS: Readonly<FlatCosts> = {
  // The step a quoted line longer than the paste's wrap width pays before `longSlope` per character.
  longStep: 2,
  // Cost of a quoted line longer than the paste's wrap width: a step, then this much per character.
  longSlope: 0.05,
  // Cost of a reply line that opens in lowercase, as a wrapped sentence going on does.
  lowercaseStart: 1.5,
  // Cost of ending a quoted line right after a code label (`isCodeLabel`; dev-A/B flat +83/+26 words, o2c +0/+1).
  codeLabelCut: 2,
  // Cost of ending a quoted line early before reply text that the next marker run cuts off mid-sentence.
  // In the dev-A bodies 130 of 523 replies between two quoted lines end without a sentence end, against
  // 2296 of the 2559 tails a quoted line has after a sentence end inside it (dev flat +363 words, check lists +392).
  openReply: 2,
  // Cost of a quoted line that runs on past the address closing the trailer it opens with.
  trailerRunOn: 3,
  // Cost of ending a quoted line mid-sentence right before the attribution the piece ends with.
  attributionCut: 3,
  // Cost of a paste's last quoted line running on to a sign-off at the very end.
  lastSignOff: 5,
  // Cost of a quoted line that runs on past a rule.
  ruleInside: 4,
  // Cost of a quoted line that runs on past a sentence end into an answer word (`...patch. Yes, I`).
  answerInside: 3,
  // Cost of a quoted line that runs on past a question into a new sentence: a question ends the quote
  // more often than any other sentence end (about a third of the times a quoted line reaches one, against a
  // fifth for a full stop), as the reply answers it. A line that ends on a question too asks them
  // together (`Does it log at boot? If so, is the log complete?`): the reply answers after the last.
  questionInside: 1.5,
  // Cost of a quoted line that finishes the sentence its line before broke off and runs on past its end
  // into a new sentence (`> ...the iterator > variable outside the loop. Sorry for the confusion`): the
  // short last line of a wrapped paragraph ends there, and a reply glued after it read as quoted gave the
  // reply's first sentence to the quoted writer. Dev flat words (A/B): 0.5 +127/+30; 0.25 +108/+37,
  // 0.75 +110/+29, 1 +75/+19 (after a question too: 0.5 +134/+22, 2 +21/-156).
  continuedStopInside: 0.5,
  // Cost of a quoted line opening with a greeting that goes on in the quoted text before it. Dev: a cost
  // of 4 read some quoted messages' own greetings as shallower (flat -691 words against 2).
  greetingGoesOn: 2,
  // Cost of reading a lone `>` as text rather than as the next line's prefix.
  literalMarker: 1,
  // What a long piece after a quoted blank line (see LONG_REPLY in unflatten.ts) pays for being read as
  // reply text with no answer word opening it (0: +83/+210 words, 1: +105/+188; 2 at 120: +50/-55).
  longReply: 0.5,
  // Cost of two quoted lines in a row at one depth when each line is a paragraph (the paste's lines unwrapped).
  unwrappedRunOn: 4,
  // ... and when the first of the two, wrapped, ended a sentence with room left for the next line's first word.
  wrappedRunOn: 1,
  // Cost of a quoted line ending on a snip marker (`[...]`), which stands on a line of its own.
  snipCut: 2,
  // Cost of a reply that is nothing but a sign-off: rare, the quote more likely ran on to the sign-off.
  signOffOnlyReply: 1.5,
};
