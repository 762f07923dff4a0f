import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { scoredWords } from "../support/score.js";
import { deriveGold, type GoldLabel } from "./attribution/gold.js";
import { ancestorsOf, byMessageId, DEFAULT_MAIL_DIR, loadMessages, type Message } from "./attribution/load.js";

/**
 * `npm run eval -- gold-check [--dir eval/mail] [--record eval/mail/handcheck.tsv] [--print <list/hash>,...]`:
 * the gold deriver's own error on the hand-checked sample (eval/mail/HANDCHECK.md). The record
 * holds, for every sampled reply, what each run of its body lines really is, as a person judged it
 * reading the raw message and its ancestors: the reply's author (`own`), an ancestor (its file hash),
 * not content (`other`), or not judgeable (`?`). The deriver is run afresh and compared word by word,
 * so the figure follows the deriver as it changes. `--print` shows one reply's body with the
 * deriver's label on each line and ✗ where it disagrees with the record (the sheet a checker judges from).
 */
export const description = "the gold deriver's error on the hand-checked sample (eval/mail/handcheck.tsv)";

/** One judged span: body lines `from..to` (1-based), optionally words `wordFrom..wordTo` of a one-line span. */
export interface Judgement {
  list: string;
  hash: string;
  from: number;
  to: number;
  words: [number, number] | null;
  /** `own`, `other`, `?`, or the 16-hex file hash of the ancestor who wrote the words. */
  truth: string;
}

/** Word counts of one checked reply. */
export interface CheckCounts {
  words: number;
  scored: number;
  /** Scored words given to a person who did not write them. */
  wrongPerson: number;
  /** Scored as someone's content, but an attribution, header, signature or footer. */
  shouldBeOther: number;
  /** Scored as not content, but someone's words. */
  shouldBeContent: number;
  /** Scored words the record leaves unjudged (`?`). */
  unjudged: number;
  unscored: number;
  /** Unscored words that are quoted (`>`) and unscored words of the reply's own level. */
  unscoredQuoted: number;
  unscoredOwn: number;
}

/** Parses the record: `list hash lines truth [note]`, lines `a`, `a-b` or `a:w1-w2`; `#` comments. */
export function parseRecord(text: string): Judgement[] {
  const out: Judgement[] = [];
  for (const row of text.split("\n")) {
    if (row.trim() === "" || row.startsWith("#") || row.startsWith("list\t")) continue;
    const [list = "", hash = "", lines = "", rawTruth = ""] = row.split("\t");
    const truth = rawTruth.trim();
    const m = /^(\d+)(?:-(\d+))?(?::(\d+)-(\d+))?$/u.exec(lines);
    if (m === null) throw new Error(`handcheck: bad line span "${lines}" in ${list}/${hash}`);
    const from = Number(m[1]);
    out.push({ list, hash, from, to: m[2] === undefined ? from : Number(m[2]), words: m[3] === undefined ? null : [Number(m[3]), Number(m[4])], truth });
  }
  return out;
}

/** Each body line's words as the deriver splits them (quote markers off). */
function bodyLines(body: string): { raw: string; depth: number; words: string[] }[] {
  return body.split(/\r?\n/u).map((raw) => {
    const prefix = /^(?:[ \t]*>)+/u.exec(raw)?.[0] ?? "";
    return { raw, depth: prefix.split(">").length - 1, words: scoredWords(raw.slice(prefix.length)) };
  });
}

/** The deriver's labels, one array per body line. */
function labelsByLine(reply: Message, byId: ReadonlyMap<string, Message>): GoldLabel[][] {
  const gold = deriveGold(reply, ancestorsOf(reply, byId));
  let at = 0;
  return bodyLines(reply.body).map((l) => l.words.map(() => gold[at++]?.label ?? null));
}

const baseName = (file: string): string => path.basename(file, ".eml");

/** What a label says, in the record's terms. */
function labelKey(label: GoldLabel, reply: Message, byId: ReadonlyMap<string, Message>): string {
  if (label === null) return ".";
  if (label.kind === "other") return "other";
  const { email, name } = label.speaker;
  const same = (m: Message): boolean => m.from.email === email && m.from.name === name;
  if (same(reply)) return "own";
  const ancestor = ancestorsOf(reply, byId).find((a) => same(a.message));
  return ancestor === undefined ? `${name ?? ""} <${email ?? ""}>` : baseName(ancestor.message.file);
}

/** Whether an ancestor label names the same person as the truth (one person may write several ancestors). */
function samePerson(key: string, truth: string, reply: Message, files: ReadonlyMap<string, Message>): boolean {
  if (key === truth) return true;
  const person = (k: string): Message | undefined => (k === "own" ? reply : files.get(k));
  const a = person(key);
  const b = person(truth);
  return a !== undefined && b !== undefined && ((a.from.email !== null && a.from.email === b.from.email) || (a.from.name !== null && a.from.name === b.from.name));
}

/** What one word of a checked reply is: unscored, right, not judged, or one kind of error. */
type Verdict = "unscored" | "right" | "unjudged" | "wrongPerson" | "shouldBeOther" | "shouldBeContent";

/** The deriver's label of every body word beside its judgement, one array per body line. */
function verdicts(reply: Message, judgements: readonly Judgement[], byId: ReadonlyMap<string, Message>, files: ReadonlyMap<string, Message>): Verdict[][] {
  const labels = labelsByLine(reply, byId);
  return bodyLines(reply.body).map((line, i) =>
    line.words.map((_, w): Verdict => {
      const key = labelKey(labels[i]?.[w] ?? null, reply, byId);
      if (key === ".") return "unscored";
      const j = judgements.find((x) => x.from <= i + 1 && i + 1 <= x.to && (x.words === null || (x.words[0] <= w + 1 && w + 1 <= x.words[1])));
      const truth = j?.truth ?? "?";
      if (truth === "?") return "unjudged";
      if (key === "other") return truth === "other" ? "right" : "shouldBeContent";
      if (truth === "other") return "shouldBeOther";
      return samePerson(key, truth, reply, files) ? "right" : "wrongPerson";
    }),
  );
}

/** Compares the deriver's labels for one reply with its judgements. */
export function check(reply: Message, judgements: readonly Judgement[], byId: ReadonlyMap<string, Message>, files: ReadonlyMap<string, Message>): CheckCounts {
  const lines = bodyLines(reply.body);
  const c: CheckCounts = { words: 0, scored: 0, wrongPerson: 0, shouldBeOther: 0, shouldBeContent: 0, unjudged: 0, unscored: 0, unscoredQuoted: 0, unscoredOwn: 0 };
  verdicts(reply, judgements, byId, files).forEach((row, i) => {
    for (const v of row) {
      c.words++;
      if (v === "unscored") {
        c.unscored++;
        if ((lines[i]?.depth ?? 0) > 0) c.unscoredQuoted++;
        else c.unscoredOwn++;
        continue;
      }
      c.scored++;
      if (v !== "right") c[v]++;
    }
  });
  return c;
}

/** Wilson score interval for k of n at 95%. */
export function wilson(k: number, n: number): [number, number] {
  if (n === 0) return [0, 1];
  const z = 1.96;
  const p = k / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * A 95% interval for errors / judged words that respects that words of one reply are not
 * independent: the percentile bootstrap over replies, with a fixed seed so it prints the same.
 */
export function replyBootstrap(perReply: readonly { errors: number; judged: number }[], rounds = 2000): [number, number] {
  let seed = 13;
  const next = (): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let errors = 0;
    let judged = 0;
    for (let i = 0; i < perReply.length; i++) {
      const pick = perReply[Math.floor(next() * perReply.length)];
      errors += pick?.errors ?? 0;
      judged += pick?.judged ?? 0;
    }
    rates.push(judged === 0 ? 0 : errors / judged);
  }
  rates.sort((a, b) => a - b);
  return [rates[Math.floor(rounds * 0.025)] ?? 0, rates[Math.floor(rounds * 0.975)] ?? 0];
}

/** One reply's body with the deriver's labels, a line each, and a draft record of runs of equal labels. */
function printSheet(reply: Message, byId: ReadonlyMap<string, Message>, judged: Verdict[][]): string {
  const out = [`## ${reply.list}/${baseName(reply.file)}  own = ${reply.fromText} (${reply.client || "no client"})`];
  for (const a of ancestorsOf(reply, byId)) out.push(`   ${baseName(a.message.file)} = ${a.message.fromText} (level ${a.level ?? "ref"})`);
  const lines = bodyLines(reply.body);
  const labels = labelsByLine(reply, byId);
  const keys = labels.map((row) => row.map((l) => labelKey(l, reply, byId)));
  lines.forEach((line, i) => {
    const row = keys[i] ?? [];
    const runs: string[] = [];
    row.forEach((k, w) => {
      if (w > 0 && row[w - 1] === k) return;
      let n = w;
      while (row[n] === k) n++;
      runs.push(`${k.slice(0, 6)}×${n - w}`);
    });
    const wrong = [...new Set((judged[i] ?? []).filter((v) => v !== "right" && v !== "unscored"))].join(",");
    out.push(`${String(i + 1).padStart(4)} ${runs.join(" ").padEnd(18)} | ${line.raw.slice(0, 110)}${wrong === "" ? "" : `  ✗ ${wrong}`}`);
  });
  out.push("-- draft:");
  let start = 0;
  const lineKey = (i: number): string => [...new Set(keys[i] ?? [])].join("+") || "";
  for (let i = 1; i <= lines.length; i++) {
    if (i < lines.length && (lineKey(i) === lineKey(start) || lineKey(i) === "")) continue;
    if (lineKey(start) !== "") out.push([reply.list, baseName(reply.file), start + 1 === i ? `${i}` : `${start + 1}-${i}`, lineKey(start).replace(".", "?")].join("\t"));
    start = i;
  }
  return out.join("\n");
}

/** Runs the check (or prints one reply's sheet). */
export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      dir: { type: "string", default: DEFAULT_MAIL_DIR },
      record: { type: "string", default: path.join(DEFAULT_MAIL_DIR, "handcheck.tsv") },
      aliases: { type: "string", default: path.join(DEFAULT_MAIL_DIR, "aliases-check.tsv") },
      print: { type: "string" },
    },
  });
  const messages = await loadMessages(values.dir);
  const byId = byMessageId(messages);
  const files = new Map(messages.map((m) => [baseName(m.file), m] as const));
  const replyOf = (list: string, hash: string): Message => {
    const m = messages.find((x) => x.role === "reply" && x.list === list && baseName(x.file) === hash);
    if (m === undefined) throw new Error(`no reply ${list}/${hash}`);
    return m;
  };
  const judgements = parseRecord(await readFile(values.record, "utf8"));
  if (values.print !== undefined) {
    for (const id of values.print.split(",")) {
      const [list = "", hash = ""] = id.split("/");
      const reply = replyOf(list, hash);
      console.log(printSheet(reply, byId, verdicts(reply, judgements.filter((j) => j.list === list && j.hash === hash), byId, files)), "\n");
    }
    return;
  }
  const sample = [...new Set(judgements.map((j) => `${j.list}/${j.hash}`))];
  const total: CheckCounts = { words: 0, scored: 0, wrongPerson: 0, shouldBeOther: 0, shouldBeContent: 0, unjudged: 0, unscored: 0, unscoredQuoted: 0, unscoredOwn: 0 };
  const cols = Object.keys(total) as (keyof CheckCounts)[];
  const rows: string[] = [["reply", ...cols].join("\t")];
  const perReply: { errors: number; judged: number }[] = [];
  for (const id of sample) {
    const [list = "", hash = ""] = id.split("/");
    const c = check(replyOf(list, hash), judgements.filter((j) => j.list === list && j.hash === hash), byId, files);
    for (const k of cols) total[k] += c[k];
    perReply.push({ errors: c.wrongPerson + c.shouldBeOther + c.shouldBeContent, judged: c.scored - c.unjudged });
    rows.push([id, ...cols.map((k) => String(c[k]))].join("\t"));
  }
  rows.push([`total (${sample.length} replies)`, ...cols.map((k) => String(total[k]))].join("\t"));
  const judged = total.scored - total.unjudged;
  const errors = total.wrongPerson + total.shouldBeOther + total.shouldBeContent;
  const [lo, hi] = wilson(errors, judged);
  const [blo, bhi] = replyBootstrap(perReply);
  const pct = (x: number): string => `${(100 * x).toFixed(2)}%`;
  rows.push(
    "",
    `deriver error: ${errors} of ${judged} judged scored words = ${pct(errors / Math.max(1, judged))}; 95% interval ${pct(blo)}–${pct(bhi)} (bootstrap over the ${sample.length} replies; ${pct(lo)}–${pct(hi)} if words were independent, which they are not)`,
    `  wrong person ${total.wrongPerson}, should be other ${total.shouldBeOther}, should be content ${total.shouldBeContent}; unjudged scored words ${total.unjudged}`,
    `unscored: ${pct(total.unscored / Math.max(1, total.words))} of words (quoted ${total.unscoredQuoted}, own level ${total.unscoredOwn})`,
    aliasCheck(messages, await readFile(values.aliases, "utf8")),
  );
  console.log(rows.join("\n"));
}

/**
 * The scorer's learned aliases (attribution/aliases.ts) against their hand-checked sample: how many
 * the set yields, how many sampled pairs were judged wrong, and how many of them are still learned.
 */
export function aliasCheck(messages: readonly Message[], record: string): string {
  const learned = new Set<string>();
  for (const m of messages) for (const alias of m.from.aliases ?? []) learned.add(`${m.from.email ?? ""}\t${alias}`);
  const sample = record.split("\n").filter((l) => l.trim() !== "" && !l.startsWith("#") && !l.startsWith("address\t")).map((l) => l.split("\t"));
  const wrong = sample.filter(([, , verdict]) => verdict !== "right").length;
  const still = sample.filter(([address = "", alias = ""]) => learned.has(`${address}\t${alias}`)).length;
  const [lo, hi] = wilson(wrong, sample.length);
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  return `aliases: ${learned.size} (address, alias) pairs learned; ${wrong} of ${sample.length} hand-checked pairs wrong (95% interval ${pct(lo)}–${pct(hi)}); ${still} of them still learned`;
}
