import type { Turn } from "../thread/model.js";


/**
 * Half-open ranges of turn positions, in order and covering every turn. A turn is joined with
 * the turn it answers (`replies_to`, above or below it) and with the run of deeper quote turns
 * right above it, whatever their speaker.
 */
export function exchangeUnits(turns: readonly Turn[]): [number, number][] {
  const position = new Map(turns.map((turn, i) => [turn.id, i]));
  // Difference array: a positive running sum at i means the cut after turn i is inside an exchange.
  const open = new Array<number>(turns.length + 1).fill(0);
  const join = (a: number, b: number): void => {
    const [lo, hi] = a < b ? [a, b] : [b, a];
    open[lo] = (open[lo] ?? 0) + 1;
    open[hi] = (open[hi] ?? 0) - 1;
  };
  // Earlier turns of this message not deeper than any turn after them (a monotonic stack).
  const shallower: { at: number; depth: number }[] = [];
  let messageStart = 0;
  turns.forEach((turn, i) => {
    if (turns[i - 1]?.message !== turn.message) {
      shallower.length = 0;
      messageStart = i;
    }
    while ((shallower.at(-1)?.depth ?? -1) > turn.depth) shallower.pop();
    const above = shallower.at(-1);
    join(above === undefined ? messageStart : above.at + 1, i);
    const answered = turn.replies_to === null ? undefined : position.get(turn.replies_to);
    if (answered !== undefined) join(answered, i);
    shallower.push({ at: i, depth: turn.depth });
  });
  const units: [number, number][] = [];
  let start = 0;
  let inside = 0;
  turns.forEach((_, i) => {
    inside += open[i] ?? 0;
    if (inside > 0) return;
    units.push([start, i + 1]);
    start = i + 1;
  });
  return units;
}
