/*
 * A quoted attribution (`> On Mon, Ann wrote:`) at depth d stands above a deeper quote that its writer,
 * the writer at depth d, answered: their own words at depth d follow it somewhere, or came before it (a
 * top-posted quote). A reading that ends the paste with such a writer still silent more likely read
 * their answer into the quote it answers (`> > Where to go from here? > > Very interested.` is a quoted
 * blank line and the answer at depth 1, not the question going on). The flattened search carries two
 * bit sets per state (bit d for depth d): depths whose attribution waits for its writer's words, and
 * depths whose writer has spoken.
 */

// Cost (nats) of each quoted attribution whose writer says nothing at its depth in the whole paste. Dev
// flat: 1 gained nothing on the study lists (+62 words on the check lists), 3 +24 and +263, 6 +5 and
// +261. Paid whenever a quote closed (the depth dropped below d, unquoted text), even 0.5 lost 873 words
// on the check lists: a writer's words often come after the reply's own text, where the quote reopens.
export const SILENT_WRITER = 3;
// Depths past this share its bit: real quotes are not this deep.
const TOP_BIT = 30;

/** What the attributions in `owed` (bit d for depth d) cost if their writers stay silent. */
export function silentCost(owed: number): number {
  let rest = owed;
  let n = 0;
  while (rest !== 0) {
    n += rest & 1;
    rest >>>= 1;
  }
  return n * SILENT_WRITER;
}

/** The depth's bit in the sets a search state carries. */
export const bitOf = (depth: number): number => 1 << Math.min(depth, TOP_BIT);
