/**
 * Fits one of the mail reader's tables of numbers on real list replies, by coordinate search on the
 * evaluation's own figure (the mean over lists of speaker accuracy, the renderings averaged), a change
 * taken only when it gains without the one list it helps most:
 *
 * - `evidence`: the weights of the evidence that names writers nothing named (evidence-weights.ts),
 *   over all three renderings;
 * - `flat`: the costs of the search that restores a flattened paste's line ends (flat-costs.ts), over
 *   the flattened rendering.
 *
 * Only the dev half of eval/mail is read, with any pool folder given with --pool (a restored
 * eval/study); the held-out lists and eval/fresh are left to score what it fits.
 *
 *   npx tsx test/tools/fit-weights.ts evidence|flat [--dir eval/mail] [--pool <dir>]... [--rounds 2]
 *
 * Each paste is parsed once with the table as it is; only the pastes the table can change (for the
 * evidence, those where some writer was read from it) are parsed again for each value tried, split
 * over one worker per core.
 */
import { availableParallelism } from "node:os";
import { parseArgs } from "node:util";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { EVIDENCE_WEIGHTS } from "../../core/readers/mail/evidence-weights.js";
import { FLAT_COSTS } from "../../core/readers/mail/flat-costs.js";
import type { LineModel } from "../../core/readers/mail/line-model.js";
import { readMail } from "../../core/readers/mail/read-mail.js";
import { splitOf, trainingFor } from "../eval/attribution.js";
import { deriveGold } from "../eval/attribution/gold.js";
import { ancestorsOf, byMessageId, DEFAULT_MAIL_DIR, loadMessages, type Message } from "../eval/attribution/load.js";
import { render, RENDERINGS, type Rendering } from "../eval/attribution/render.js";
import { scoreParse } from "../eval/attribution/score.js";
import { lineModelFor } from "./corpus.js";

type Table = Readonly<Record<string, number>>;

/** A table to fit: its values as they are, the renderings it acts on, and a parse with other values. */
interface Fitted {
  start: Table;
  renderings: readonly Rendering[];
  /** Parses a paste with `table`; `touched` is set when the table could have changed the parse. */
  parse: (text: string, lineModel: LineModel, table: Table | null, touched?: () => void) => ReturnType<typeof readMail>;
}

// The last model made with other costs: the pastes come list by list, and a model made anew for each
// paste would empty the search's caches, which are kept for the model last asked about.
let made: { base: LineModel; table: Table; model: LineModel } | null = null;
function withCosts(base: LineModel, table: Table): LineModel {
  if (made?.base !== base || made.table !== table) made = { base, table, model: base.withCosts(table as typeof FLAT_COSTS) };
  return made.model;
}

const TABLES: Record<string, Fitted> = {
  evidence: {
    start: EVIDENCE_WEIGHTS,
    renderings: RENDERINGS,
    parse: (text, lineModel, table, touched) => readMail(text, { lineModel, evidence: { weights: (table ?? EVIDENCE_WEIGHTS) as typeof EVIDENCE_WEIGHTS, onDecision: touched } }),
  },
  flat: {
    start: FLAT_COSTS,
    renderings: ["flat"],
    parse: (text, lineModel, table, touched) => {
      touched?.();
      return readMail(text, { lineModel: table === null ? lineModel : withCosts(lineModel, table) });
    },
  },
};

// A worker is told the parent's options: its own process.argv holds none.
const { values, positionals } = isMainThread
  ? parseArgs({
      allowPositionals: true,
      options: {
        dir: { type: "string", default: DEFAULT_MAIL_DIR },
        pool: { type: "string", multiple: true, default: [] },
        rounds: { type: "string", default: "2" },
      },
    })
  : (workerData as { values: { dir: string; pool: string[]; rounds: string }; positionals: string[] });
const name = positionals[0] ?? "";
const fitted = TABLES[name];

// A change must gain at least this much of the mean, without the list it helps most (see robustGain),
// to be taken: below it a step follows single replies, not the lists.
const MIN_GAIN = 0.0001;

/** The values tried for a number: none, half, one and a half, twice (or a few small ones for a zero). */
const tries = (v: number): number[] => (v === 0 ? [0.5, 1, 2] : [0, v / 2, (3 * v) / 2, 2 * v]);

/** A paste the table can change: its text, its gold, the line model its list is parsed with. */
interface Touched {
  list: number;
  rendering: number;
  text: string;
  gold: ReturnType<typeof render>["gold"];
  from: Message["from"];
  lineModel: LineModel;
  correct: number;
}

/** What a worker reads of its share of the lists. */
interface Setup {
  /** Per list and rendering (zero for the other workers' lists): the gold content words, and the correct ones of the pastes the table never touches. */
  content: number[][];
  fixed: number[][];
  touched: Touched[];
}

/** Parses every paste of the lists that are this worker's (every `parts`-th from `part`) once with the table as it is. */
async function setup(table: Fitted, part: number, parts: number): Promise<Setup> {
  const own = (await loadMessages(values.dir)).filter((m) => splitOf(m.list) === "dev");
  const pools = await Promise.all(values.pool.map((dir) => loadMessages(dir)));
  const messages = own.concat(...pools);
  const byId = byMessageId(messages);
  const lists = [...new Set(messages.filter((m) => m.role === "reply").map((m) => m.list))].sort();
  const content = lists.map(() => table.renderings.map(() => 0));
  const fixed = lists.map(() => table.renderings.map(() => 0));
  const touched: Touched[] = [];
  for (const [li, list] of lists.entries()) {
    if (li % parts !== part) continue;
    const lineModel = lineModelFor(trainingFor(list, messages));
    for (const reply of messages.filter((m) => m.role === "reply" && m.list === list)) {
      const gold = deriveGold(reply, ancestorsOf(reply, byId));
      for (const [ri, rendering] of table.renderings.entries()) {
        const paste = render(reply, gold, rendering);
        let read = false;
        const tally = scoreParse(table.parse(paste.text, lineModel, null, () => (read = true)), paste.gold, paste.text, reply.from);
        (content[li] as number[])[ri] = (content[li]?.[ri] ?? 0) + tally.content;
        if (read) touched.push({ list: li, rendering: ri, text: paste.text, gold: paste.gold, from: reply.from, lineModel, correct: tally.correct });
        else (fixed[li] as number[])[ri] = (fixed[li]?.[ri] ?? 0) + tally.correct;
      }
    }
  }
  return { content, fixed, touched };
}

/** A worker: parses the touched pastes of its share of the lists again with each table it is sent. */
async function work(table: Fitted, part: number, parts: number): Promise<void> {
  const { content, fixed, touched } = await setup(table, part, parts);
  const port = parentPort;
  if (port === null) return;
  port.postMessage({ content, fixed, touched: touched.map((t) => ({ list: t.list, rendering: t.rendering, correct: t.correct })) });
  port.on("message", (values: Table | null) => {
    if (values === null) {
      port.close();
      return;
    }
    port.postMessage(touched.map((t) => scoreParse(table.parse(t.text, t.lineModel, values), t.gold, t.text, t.from).correct));
  });
}

// A worker runs this file again under tsx: a worker's `--import tsx` is not applied to its first module in Node 20.
const ESM_UNDER_TSX = (url: string): string => `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(url)}); });`;

/** Runs the coordinate search, the lists shared out to one worker per core. */
async function main(table: Fitted): Promise<void> {
  const parts = Math.max(1, Math.min(availableParallelism(), 4));
  const workers = Array.from({ length: parts }, (_, part) => new Worker(ESM_UNDER_TSX(import.meta.url), { eval: true, workerData: { part, parts, values, positionals } }));
  // Each worker's next answer; the error listener goes with it, or the search would pile one up per answer.
  const next = (w: Worker): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const failed = (e: Error): void => reject(e);
      w.once("error", failed);
      w.once("message", (m: unknown) => {
        w.off("error", failed);
        resolve(m);
      });
    });
  const ready = (await Promise.all(workers.map(next))) as { content: number[][]; fixed: number[][]; touched: { list: number; rendering: number; correct: number }[] }[];
  // The workers' figures added up, and their touched pastes in worker order, as their answers come.
  const add = (a: number[][], b: number[][]): number[][] => a.map((row, li) => row.map((n, ri) => n + (b[li]?.[ri] ?? 0)));
  const content = ready.map((w) => w.content).reduce(add);
  const fixed = ready.map((w) => w.fixed).reduce(add);
  const touched = ready.flatMap((w) => w.touched);
  process.stderr.write(`${content.length} lists, ${touched.length} pastes the table can change\n`);

  // Each list's accuracy, its renderings averaged.
  const perList = (correct: readonly number[]): number[] => {
    const sums = fixed.map((r) => [...r]);
    touched.forEach((t, i) => ((sums[t.list] as number[])[t.rendering] = (sums[t.list]?.[t.rendering] ?? 0) + (correct[i] ?? 0)));
    return sums.map((r, li) => {
      const accs = r.flatMap((c, ri) => ((content[li]?.[ri] ?? 0) > 0 ? [c / (content[li]?.[ri] ?? 1)] : []));
      return accs.length === 0 ? 0 : accs.reduce((a, b) => a + b, 0) / accs.length;
    });
  };
  const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  // What a change gains on the lists' mean without the one list it helps most: a change that only one
  // list wants (one client's habit, one writer's) is no change to make for lists never seen.
  const robustGain = (from: readonly number[], to: readonly number[]): number => {
    const gains = to.map((a, i) => a - (from[i] ?? 0));
    return (gains.reduce((a, b) => a + b, 0) - Math.max(...gains)) / Math.max(1, gains.length);
  };
  const listsWith = async (values: Table): Promise<number[]> => {
    const answers = workers.map(next);
    for (const w of workers) w.postMessage(values);
    const shares = (await Promise.all(answers)) as number[][];
    return perList(shares.flat());
  };

  let current: Record<string, number> = { ...table.start };
  let lists = perList(touched.map((t) => t.correct));
  process.stdout.write(`start: mean ${mean(lists).toFixed(5)}\n`);
  for (let round = 0; round < Number(values.rounds); round++) {
    let moved = false;
    for (const key of Object.keys(current)) {
      const was = current[key] ?? 0;
      let choice: { value: number; lists: number[]; gain: number } | null = null;
      for (const value of tries(was)) {
        const tried = await listsWith({ ...current, [key]: value });
        const gain = robustGain(lists, tried);
        if (gain > MIN_GAIN && (choice === null || gain > choice.gain)) choice = { value, lists: tried, gain };
      }
      if (choice !== null) {
        process.stdout.write(`round ${round + 1}: ${key} ${was} -> ${choice.value}: mean ${mean(lists).toFixed(5)} -> ${mean(choice.lists).toFixed(5)} (${choice.gain.toFixed(5)} without the list it helps most)\n`);
        current = { ...current, [key]: choice.value };
        lists = choice.lists;
        moved = true;
      }
    }
    if (!moved) break;
  }
  for (const w of workers) w.postMessage(null);
  process.stdout.write(`${JSON.stringify(current)}\n`);
}

if (fitted === undefined) {
  process.stderr.write(`fit-weights: name a table to fit: ${Object.keys(TABLES).join(" or ")}\n`);
  process.exitCode = 2;
} else if (isMainThread) await main(fitted);
else {
  const { part, parts } = workerData as { part: number; parts: number };
  await work(fitted, part, parts);
}
