import picocolors from "picocolors";
import type { Config } from "../config/env.js";

/** The terminal styles a view paints with: real ones, or ones that leave the text as it is. */
export type Colours = ReturnType<typeof picocolors.createColors>;

/**
 * The styles for output to `stream`, decided once: NO_COLOR and FORCE_COLOR (read by the config)
 * decide when set, otherwise whether the stream is a terminal. Not picocolors' own detection, which
 * takes a set `CI` for a colour terminal and so colours a CI job's piped output.
 */
export function coloursFor(stream: { isTTY?: boolean }, setting: Config["colour"]): Colours {
  return picocolors.createColors(setting === "always" || (setting === "auto" && stream.isTTY === true));
}

/** A terminal colour per speaker id, in order of appearance, the same in every view. */
export function speakerColours(ids: readonly string[], pc: Colours): Map<string, (text: string) => string> {
  const palette = [pc.cyan, pc.yellow, pc.magenta, pc.green, pc.blue, pc.red];
  return new Map(ids.map((id, i) => [id, palette[i % palette.length] ?? pc.white]));
}
