import pc from "picocolors";

const PALETTE = [pc.cyan, pc.yellow, pc.magenta, pc.green, pc.blue, pc.red] as const;

/** A terminal colour per speaker id, in order of appearance, the same in every view. */
export function speakerColours(ids: readonly string[]): Map<string, (text: string) => string> {
  return new Map(ids.map((id, i) => [id, PALETTE[i % PALETTE.length] ?? pc.white]));
}
