import path from "node:path";
import { parseArgs } from "node:util";
import { countTransitions, LineModel } from "../../core/readers/mail/line-model.js";
import { looksLikeRawMail, readRawMail } from "../../core/readers/mail/raw-mail.js";
import { readMail } from "../../core/readers/mail/read-mail.js";
import type { Thread } from "../../core/thread/model.js";
import { trainingBodies } from "../tools/corpus.js";
import { deriveGold } from "./attribution/gold.js";
import { ancestorsOf, loadMessages, type Message } from "./attribution/load.js";
import { render, RENDERINGS, type Rendering } from "./attribution/render.js";
import { addTally, emptyTally, scoreParse, type Tally } from "./attribution/score.js";

/**
 * `npm run eval -- attribution [--dir eval/mail] [--lists a,b] [--max N] [--json]` (`--max`: the
 * first N replies of each list; `--json` adds each reply's figures): speaker
 * attribution on real list replies, leave-one-list-out. Gold comes from the threads themselves
 * (see attribution/gold.ts); each reply is pasted three ways (attribution/render.ts) and parsed as
 * `parse --json` would; the line model, the parser's one fitted part, is fitted for each list on the
 * training bodies and the other lists' replies, never the list it scores.
 */
export const description = "speaker accuracy on real list replies, leave-one-list-out (eval/mail)";

/** Figures for one reply. */
export interface ReplyResult {
  file: string;
  client: string;
  /** Body words, and how many of them the deriver could give gold. */
  words: number;
  goldWords: number;
  byRendering: Record<Rendering, Tally>;
}

/** Figures for one list: its replies' sums, and each reply's. */
export interface ListResult {
  list: string;
  replies: number;
  words: number;
  goldWords: number;
  byRendering: Record<Rendering, Tally>;
  perReply: ReplyResult[];
}

/** The whole evaluation's figures: per list, then mean and worst over lists per rendering. */
export interface Report {
  lists: ListResult[];
  mean: Record<Rendering, number>;
  worst: Record<Rendering, { list: string; accuracy: number }>;
  otherAsContent: number;
  coverage: number;
}

const byRendering = (): Record<Rendering, Tally> => ({ headers: emptyTally(), body: emptyTally(), flat: emptyTally() });
const accuracy = (t: Tally): number => (t.content === 0 ? Number.NaN : t.correct / t.content);

/** The list replies a line model for `list` is fitted on: every other list's, never its own. */
export function trainingFor(list: string, messages: readonly Message[]): string[] {
  return messages.filter((m) => m.role === "reply" && m.list !== list).map((m) => m.body);
}

/** Parses a paste the way `standpoint parse` does, with the given line model. */
async function parsePaste(text: string, lineModel: LineModel): Promise<Thread> {
  return looksLikeRawMail(text) ? readRawMail(text) : readMail(text, { lineModel });
}

/**
 * Scores the replies of every list in `messages` (or only the lists in `only`); `maxPerList` keeps
 * the first N replies of each list (manifest order). Ancestors are looked up among all the messages.
 */
export async function evaluate(messages: readonly Message[], maxPerList = Infinity, only?: ReadonlySet<string>): Promise<Report> {
  const byId = new Map<string, Message>();
  for (const m of messages) if (m.messageId !== null && !byId.has(m.messageId)) byId.set(m.messageId, m);
  const replies = new Map<string, Message[]>();
  for (const m of messages) {
    if (m.role !== "reply" || (only !== undefined && !only.has(m.list))) continue;
    const list = replies.get(m.list) ?? [];
    if (list.length < maxPerList) list.push(m);
    replies.set(m.list, list);
  }
  const base = trainingBodies();
  const lists: ListResult[] = [];
  for (const [list, own] of [...replies].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const lineModel = new LineModel(countTransitions(base.concat(trainingFor(list, messages))));
    const result: ListResult = { list, replies: own.length, words: 0, goldWords: 0, byRendering: byRendering(), perReply: [] };
    for (const reply of own) {
      const gold = deriveGold(reply, ancestorsOf(reply, byId));
      const one: ReplyResult = { file: reply.file, client: reply.client, words: gold.length, goldWords: gold.filter((g) => g.label !== null).length, byRendering: byRendering() };
      for (const rendering of RENDERINGS) {
        const paste = render(reply, gold, rendering);
        one.byRendering[rendering] = scoreParse(await parsePaste(paste.text, lineModel), paste.gold);
        addTally(result.byRendering[rendering], one.byRendering[rendering]);
      }
      result.words += one.words;
      result.goldWords += one.goldWords;
      result.perReply.push(one);
    }
    lists.push(result);
  }
  const scored = lists.filter((l) => l.byRendering.body.content > 0);
  const mean = {} as Record<Rendering, number>;
  const worst = {} as Record<Rendering, { list: string; accuracy: number }>;
  for (const r of RENDERINGS) {
    const accs = scored.map((l) => ({ list: l.list, accuracy: accuracy(l.byRendering[r]) }));
    mean[r] = accs.reduce((s, a) => s + a.accuracy, 0) / accs.length;
    worst[r] = accs.reduce((w, a) => (a.accuracy < w.accuracy ? a : w), { list: "-", accuracy: Number.POSITIVE_INFINITY });
  }
  const all = emptyTally();
  for (const l of lists) for (const r of RENDERINGS) addTally(all, l.byRendering[r]);
  const words = lists.reduce((s, l) => s + l.words, 0);
  return {
    lists,
    mean,
    worst,
    otherAsContent: all.other === 0 ? 0 : all.otherAsContent / all.other,
    coverage: words === 0 ? 0 : lists.reduce((s, l) => s + l.goldWords, 0) / words,
  };
}

const pct = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : "  -  ");

/** The report as a table. */
export function formatReport(report: Report): string {
  const head = ["list", "replies", "words", "gold%", "headers", "body", "flat", "other→content"];
  const rows: string[][] = report.lists.map((l) => {
    const other = emptyTally();
    for (const r of RENDERINGS) addTally(other, l.byRendering[r]);
    return [
      l.list,
      String(l.replies),
      String(l.words),
      pct(l.goldWords / Math.max(1, l.words)),
      ...RENDERINGS.map((r) => pct(accuracy(l.byRendering[r]))),
      pct(other.other === 0 ? 0 : other.otherAsContent / other.other),
    ];
  });
  const replies = report.lists.reduce((s, l) => s + l.replies, 0);
  const words = report.lists.reduce((s, l) => s + l.words, 0);
  rows.push(["mean of lists", String(replies), String(words), pct(report.coverage), ...RENDERINGS.map((r) => pct(report.mean[r])), pct(report.otherAsContent)]);
  rows.push(["worst list", "", "", "", ...RENDERINGS.map((r) => `${pct(report.worst[r].accuracy)} ${report.worst[r].list}`), ""]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  return [
    "Speaker accuracy: gold content words given to the right speaker. Figures are per held-out list: each list",
    "is parsed with a line model fitted without it (leave-one-list-out). The hand-written rules are not refitted;",
    "they are tuned by us and may have seen mail like this. headers: pasted with the archive's From/Date/Subject",
    "block; body: body only; flat: newlines lost. gold%: share of body words the deriver gives gold.",
    "other→content: share of attribution, header, signature and footer words parsed as content (all renderings).",
    "",
    line(head),
    ...rows.map(line),
  ].join("\n");
}

/** Runs the evaluation over `--dir` (default eval/mail). */
export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      dir: { type: "string", default: path.join(process.cwd(), "eval", "mail") },
      lists: { type: "string" },
      max: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  const lists = values.lists === undefined ? undefined : new Set(values.lists.split(",").map((s) => s.trim()));
  const max = values.max === undefined ? Infinity : Number(values.max);
  if (!(max > 0)) throw new Error("--max must be a positive number");
  const messages = await loadMessages(values.dir);
  // Every list's replies train the others' models, so only scoring is narrowed by --lists.
  const report = await evaluate(messages, max, lists);
  console.log(values.json ? JSON.stringify(report) : formatReport(report));
}
