import type { Role, Thread } from "../thread/model.js";
import { speakerColours, type Colours } from "./colours.js";

const roleStyle = (pc: Colours): Record<Role, (s: string) => string> => ({
  content: (s) => s,
  attribution: pc.dim,
  signature: pc.dim,
  header: pc.dim,
  footer: pc.dim,
  snip: pc.dim,
});

/**
 * Renders a parsed thread for a person at a terminal: one block per segment headed by its speaker,
 * depth and role, each speaker in its own colour, indented by quote depth.
 */
export function renderThread(thread: Thread, pc: Colours): string {
  const colourOf = speakerColours(thread.speakers.map((s) => s.id), pc);
  const style = roleStyle(pc);
  const nameOf = new Map(thread.speakers.map((s) => [s.id, s.name]));
  const out: string[] = [pc.bold(`${thread.speakers.length} speaker(s):`)];
  for (const s of thread.speakers) {
    const paint = colourOf.get(s.id) ?? pc.white;
    const aliases = s.aliases.length > 0 ? pc.dim(` (also: ${s.aliases.join(", ")})`) : "";
    out.push(`  ${paint(`${s.id} ${s.name}`)}${s.email === null ? "" : pc.dim(` <${s.email}>`)}${aliases}`);
  }
  for (const seg of thread.segments) {
    const paint = seg.speaker === null ? pc.dim : (colourOf.get(seg.speaker) ?? pc.white);
    const who = seg.speaker === null ? "-" : (nameOf.get(seg.speaker) ?? seg.speaker);
    const indent = "  ".repeat(Math.min(seg.depth, 12));
    out.push("", `${indent}${paint(pc.bold(`[${seg.role} | depth ${seg.depth} | ${who}]`))}`);
    for (const line of seg.text.split("\n")) out.push(`${indent}${style[seg.role](line)}`);
  }
  return out.join("\n");
}
