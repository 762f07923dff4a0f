import type { APIEmbed } from "discord.js";

/*
 * An independent reading of Discord's Markdown, written from its rules rather than from
 * bot/render.ts: `\` followed by any character that is not a letter, digit or whitespace shows that
 * character literally (simple-markdown's escape rule); everything else below is what Discord would
 * turn into a link, a mention or formatting. It over-approximates (a lone `_` or `*` counts as
 * live) so that anything it passes is certainly inert. Our own template's constructs are exempted
 * by position only (see Marks), never by switching a rule off.
 */

const escapable = (c: string | undefined): boolean => c !== undefined && !/[0-9A-Za-z\s]/u.test(c);
const isSpace = (c: string): boolean => c !== "\n" && /\s/u.test(c);

/**
 * The positions (within `line`) of the constructs the caller's template put there itself: a
 * line-start marker, a `*` or a mention opened at one of them is not reported. `index` is the
 * line's number in the text and `lines` all its lines, so a construct can be exempted where it
 * stands (the first line, the last) and nowhere else.
 */
export type Marks = (line: string, index: number, lines: readonly string[]) => ReadonlySet<number>;

const NONE: ReadonlySet<number> = new Set();

/**
 * The marks of bot/render.ts's embed template: the `**` and `:**` around a `**Name:**`, the stars of
 * `*Contention:*` and of a `*stance*` line, the `>` of a `> “evidence”` line.
 */
export const templateMarks: Marks = (line) => {
  const marks = new Set<number>();
  if (line.startsWith("> “")) marks.add(0);
  if (line.startsWith("*Contention:*")) return new Set([0, 12]);
  if (line.startsWith("**")) {
    marks.add(0).add(1);
    for (let i = 2; i < line.length; i++) {
      if (line[i] === "\\") i++;
      else if (line.startsWith(":**", i)) return marks.add(i + 1).add(i + 2);
    }
    return marks;
  }
  if (line.startsWith("*")) {
    marks.add(0);
    // The closing star, when the cut left it, is the last character and not itself escaped.
    let end = -1;
    for (let i = 1; i < line.length; i++) {
      if (line[i] === "\\") i++;
      else if (i === line.length - 1 && line[i] === "*") end = i;
    }
    if (end > 0) marks.add(end);
  }
  return marks;
};

/**
 * Every construct in `text` that Discord would render live, as short descriptions: masked and bare
 * links, mentions (users, roles, channels, commands, timestamps, emoji, `@everyone`, `@here`),
 * line-start markers (headings, subtext, quotes, lists), emphasis, code, strike, spoilers, and
 * backslashes that escape nothing or would eat an ellipsis. `marks` exempts the caller's own
 * template constructs by position; inert() output is checked without it.
 */
export function liveConstructs(text: string, marks?: Marks): string[] {
  const found: string[] = [];
  const lines = text.split("\n");
  let line = 0;
  let lineStart = true;
  let lineOffset = 0;
  let ours = marks?.(lines[0] ?? "", 0, lines) ?? NONE;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "\n") {
      lineStart = true;
      lineOffset = i + 1;
      line++;
      ours = marks?.(lines[line] ?? "", line, lines) ?? NONE;
      continue;
    }
    if (lineStart && isSpace(c)) continue;
    const atLineStart = lineStart;
    lineStart = false;
    if (c === "\\") {
      const next = text[i + 1];
      if (next === "…") found.push(`backslash escaping the ellipsis at ${i}`);
      else if (!escapable(next) || next === undefined || next.charCodeAt(0) > 0x7e) found.push(`stray backslash at ${i}`);
      i++;
      continue;
    }
    const isOurs = ours.has(i - lineOffset);
    const rest = text.slice(i);
    if (atLineStart && !isOurs) {
      if (/^(?:#|-|\+|>|\*)/u.test(rest)) found.push(`line-start marker ${JSON.stringify(rest.slice(0, 4))}`);
      if (/^\d+\./u.test(rest)) found.push(`numbered list ${JSON.stringify(rest.slice(0, 6))}`);
    }
    if (c === "[") {
      // A masked link: an unescaped `](` later on, escapes honoured.
      for (let j = i + 1; j < text.length; j++) {
        if (text[j] === "\\") j++;
        else if (text[j] === "]" && text[j + 1] === "(") {
          found.push(`masked link ${JSON.stringify(text.slice(i, j + 2))}`);
          break;
        }
      }
    }
    if (/^\w+:\/\//u.test(rest) && !/\w/u.test(text[i - 1] ?? "")) found.push(`autolink ${JSON.stringify(rest.slice(0, 12))}`);
    if (c === "<" && !isOurs && /^<(?:[@#/:]|\w+:)/u.test(rest)) found.push(`mention ${JSON.stringify(rest.slice(0, 6))}`);
    if (/^@(?:everyone|here)/iu.test(rest)) found.push(`mass mention ${JSON.stringify(rest.slice(0, 9))}`);
    if (c === "*" && !isOurs) found.push(`emphasis * at ${i}`);
    if (c === "_" || c === "`") found.push(`${c} at ${i}`);
    if ((c === "~" || c === "|") && text[i + 1] === c) found.push(`${c}${c} at ${i}`);
  }
  return found;
}

/** What Discord shows for escaped text: each escape replaced by the character it escapes. */
export const shown = (text: string): string => text.replace(/\\([^0-9A-Za-z\s])/gu, "$1");

/** One piece of an embed that shows text; `singleLine` where Discord shows a single line. */
export interface EmbedText {
  where: string;
  text: string;
  singleLine: boolean;
}

/**
 * Every part of the embeds that shows text: titles, descriptions, field names and values, and,
 * when `footers` is set, footers (which show Markdown literally, so the render test checks them
 * on their own terms).
 */
export function embedTexts(embeds: readonly APIEmbed[], footers = false): EmbedText[] {
  const out: EmbedText[] = [];
  embeds.forEach((e, i) => {
    if (e.title !== undefined) out.push({ where: `embed ${i} title`, text: e.title, singleLine: true });
    if (e.description !== undefined) out.push({ where: `embed ${i} description`, text: e.description, singleLine: false });
    (e.fields ?? []).forEach((f, j) => out.push({ where: `embed ${i} field ${j} name`, text: f.name, singleLine: true }, { where: `embed ${i} field ${j} value`, text: f.value, singleLine: false }));
    if (footers && e.footer !== undefined) out.push({ where: `embed ${i} footer`, text: e.footer.text, singleLine: true });
  });
  return out;
}

/**
 * Everything live in what one message body shows (a message's own, or an interaction callback's
 * `data`): its content, read with `contentMarks` for the sender's own constructs, and every text of
 * its embeds, footers included, read with the embed template's marks. A text Discord shows on one
 * line that spans lines or is blank counts too. Attachments are not read: a file is not rendered.
 */
export function liveInMessage(body: unknown, contentMarks?: Marks): string[] {
  const message = ((body as { data?: unknown } | null)?.data ?? body) as { content?: unknown; embeds?: unknown } | null;
  const found: string[] = [];
  if (typeof message?.content === "string") for (const f of liveConstructs(message.content, contentMarks)) found.push(`content: ${f}`);
  const embeds = Array.isArray(message?.embeds) ? (message.embeds as APIEmbed[]) : [];
  for (const { where, text, singleLine } of embedTexts(embeds, true)) {
    for (const f of liveConstructs(text, templateMarks)) found.push(`${where}: ${f}`);
    if (singleLine && /[\n\r\u2028\u2029]/u.test(text)) found.push(`${where}: spans lines`);
    if (singleLine && text.trim() === "") found.push(`${where}: blank`);
  }
  return found;
}
