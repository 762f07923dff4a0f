import { Command, CommanderError, InvalidArgumentError } from "commander";
import { loadConfig, type Config } from "../config/env.js";
import { loadInput } from "../input/load.js";
import { readThread } from "../readers/read-thread.js";
import { renderThread } from "./parse-view.js";
import type { ChunksOptions } from "./chunks-command.js";
import { coloursFor } from "./colours.js";
import { EXIT, exitCodeOf } from "./exit-codes.js";
import { QueueUnavailableError } from "../queue/errors.js";
import { writeJsonLine } from "./json-out.js";
import { endOnOutputErrors } from "./output.js";
import type { SummariseOptions } from "./summarise-command.js";
import { packageVersion } from "./version.js";

const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError("expected a positive whole number");
  return n;
};

function program(config: Config): Command {
  const pc = coloursFor(process.stdout, config.colour);
  const cli = new Command("standpoint")
    .description("Works out who wrote which words of a pasted discussion thread.")
    .version(packageVersion(), "-V, --version", "print Standpoint's version")
    .exitOverride()
    .configureOutput({ outputError: () => undefined });

  cli
    .command("parse")
    .description("attribute every word of a thread to a speaker, quote depth and role")
    .argument("<file>", "thread text file, or - for standard input")
    .option("--json", "print the parse as one JSON object")
    .option("--max-bytes <n>", "refuse input larger than this", positiveInt, config.maxInputBytes)
    .action(async (file: string, opts: { json?: boolean; maxBytes: number }) => {
      const thread = await readThread(await loadInput(file, opts.maxBytes));
      if (opts.json === true) await writeJsonLine(process.stdout, thread);
      else process.stdout.write(`${renderThread(thread, pc)}\n`);
    });

  cli
    .command("chunks")
    .description("cut a thread into model-sized chunks along quote boundaries")
    .argument("<file>", "thread text file, or - for standard input")
    .option("--json", "print the chunks as one JSON object")
    .option("--max-tokens <n>", "token budget per chunk", positiveInt, config.chunkTokens)
    .option("--max-bytes <n>", "refuse input larger than this", positiveInt, config.maxInputBytes)
    .action(async (file: string, opts: ChunksOptions) => {
      // Loaded only when run: the tokenizers alone are about 100 MB that `parse` never needs.
      const { runChunks } = await import("./chunks-command.js");
      await runChunks(config, file, opts, pc);
    });

  cli
    .command("summarise")
    .alias("summarize")
    .description("summarise who argues what, each claim backed by the speaker's own words")
    .argument("<file>", "thread text file, or - for standard input")
    .option("--json", "print the summary as one JSON object")
    .option("--dry-run", "print the plan (calls, rounds, tokens, estimated cost) without calling a model")
    .option("--model <name>", "model to summarise with", config.model)
    .option("--context-tokens <n>", "the model's context window, for models Standpoint does not know", positiveInt, config.contextTokens)
    .option("--no-cache", "always call the model, even for a thread summarised before")
    .option("--queue", "submit through the Redis queue to a worker and wait for its result")
    .option("--timeout <seconds>", "with --queue: how long to wait for the result", positiveInt, QUEUE_TIMEOUT_SECONDS)
    .option("--max-bytes <n>", "refuse input larger than this", positiveInt, config.maxInputBytes)
    .action(async (file: string, opts: SummariseOptions) => {
      // Loaded only when run, with the model client, the queue and the tokenizers it needs.
      const { runSummarise } = await import("./summarise-command.js");
      await runSummarise(config, file, opts, pc);
    });
  return cli;
}

// Time for a queue with work ahead and a long thread's map and reduce calls, with their retries.
const QUEUE_TIMEOUT_SECONDS = 600;

/**
 * Runs the CLI; every failure a user can act on ends as one line on stderr, with exit code 2 when
 * the input or usage is wrong and 69 when a service is unavailable (see EXIT).
 */
async function main(argv: readonly string[]): Promise<number> {
  try {
    await program(loadConfig()).parseAsync([...argv], { from: "user" });
    return EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return EXIT.ok;
      // Help asked for by mistake (no command given) is already on stderr: it is the whole message.
      if (err.code !== "commander.help") process.stderr.write(`standpoint: ${err.message.replace(/^error: /u, "")}\n`);
      return EXIT.usage;
    }
    const code = exitCodeOf(err);
    if (code !== undefined) {
      // At a terminal the operator is the user: where Redis was looked for helps them.
      const where = err instanceof QueueUnavailableError && err.where !== undefined ? ` at ${err.where}` : "";
      process.stderr.write(`standpoint: ${err instanceof Error ? err.message : String(err)}${where}\n`);
      return code;
    }
    process.stderr.write(`standpoint: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    return EXIT.failure;
  }
}

endOnOutputErrors();
process.exitCode = await main(process.argv.slice(2));
