import type { Config } from "../config/env.js";
import { chunkThread } from "../chunk/chunker.js";
import { tokenizerFor } from "../chunk/tokenizer.js";
import { loadInput } from "../input/load.js";
import { readThread } from "../readers/read-thread.js";
import { renderChunks } from "./chunks-view.js";
import type { Colours } from "./colours.js";
import { writeJsonLine } from "./json-out.js";

/** The options of `standpoint chunks`. */
export interface ChunksOptions {
  json?: boolean;
  maxTokens: number;
  maxBytes: number;
}

/** `standpoint chunks <file>`: the thread cut into model-sized chunks along quote boundaries. */
export async function runChunks(config: Config, file: string, opts: ChunksOptions, pc: Colours): Promise<void> {
  const thread = await readThread(await loadInput(file, opts.maxBytes));
  const tokenizer = tokenizerFor(config.model);
  const chunks = chunkThread(thread, { maxTokens: opts.maxTokens, tokenizer });
  const out = { model: config.model, encoding: tokenizer.encoding, maxTokens: opts.maxTokens, speakers: thread.speakers, chunks };
  if (opts.json === true) await writeJsonLine(process.stdout, out);
  else process.stdout.write(`${renderChunks(out, pc)}\n`);
}
