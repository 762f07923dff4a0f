import type { APIEmbed } from "discord.js";
import type { DigestThread } from "../core/queue/contracts.js";
import type { Summary } from "../core/summary/model.js";

/** Discord's limits on what one message may carry. */
export const LIMITS = {
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  embedsPerMessage: 10,
  charsPerMessage: 6000,
  content: 2000,
} as const;

const PALETTE = [0x1abc9c, 0xe67e22, 0x9b59b6, 0x3498db, 0xe91e63, 0xf1c40f, 0x2ecc71, 0xe74c3c] as const;

/** What the bot sends for one summary: messages of embeds, and the whole text when embeds had to cut it. */
export interface RenderedSummary {
  messages: { embeds: APIEmbed[] }[];
  /** The full summary as Markdown, attached when any embed was shortened; null when nothing was. */
  markdown: string | null;
}

// Discord shows `\` followed by any character but a letter, digit or whitespace as that character
// (simple-markdown's escape rule), so one backslash makes any marker literal and the text reads the same.
/** Characters that format, link or mention wherever they stand: emphasis, strike, spoiler, code, masked-link and mention openers, and `\` itself. */
const ALWAYS = new Set(["\\", "*", "_", "~", "|", "`", "[", "<"]);
/** Markers that only count at the start of a line (after any indent): headings, subtext `-#`, quotes, list bullets. */
const LINE_START = new Set(["#", ">", "-", "+"]);
const LINE_BREAK = new Set(["\n", "\r", "\u2028", "\u2029"]);
const isDigit = (c: string): boolean => c >= "0" && c <= "9";

/**
 * Thread and model text as inert Markdown: every masked link, bare link of any scheme, mention
 * (users, roles, channels, commands, timestamps, custom emoji, `@everyone`, `@here`), heading,
 * subtext, block quote, list marker and emphasis shows literally, as its own characters. Only the
 * markers that would act are escaped, so the text stays readable. The start of the text counts as a
 * line start, since the template may place it at one (or inside its own `*…*`, which Discord
 * reads like one). Mentions are also silenced by `allowed_mentions` on every message; escaping
 * keeps them from rendering as pills or links. Never put the result in a footer: footers show
 * Markdown (and so the escapes) literally.
 */
export function inert(text: string): string {
  let out = "";
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (LINE_BREAK.has(c)) lineStart = true;
    // An indent keeps the line start: Discord reads `  > quote` and `  - item` as it reads them unindented.
    if (lineStart && /\s/u.test(c)) {
      out += c;
      continue;
    }
    if (lineStart && isDigit(c)) {
      // A numbered list is digits then a dot at a line start: escaping the dot is enough.
      let j = i;
      while (j < text.length && isDigit(text[j] as string)) j++;
      out += text.slice(i, j) + (text[j] === "." ? "\\." : "");
      i = text[j] === "." ? j : j - 1;
      lineStart = false;
      continue;
    }
    const escape =
      ALWAYS.has(c) ||
      (lineStart && LINE_START.has(c)) ||
      // `scheme://` autolinks (and `<scheme:/…>`) need their colon; `https\://` shows as typed.
      (c === ":" && text[i + 1] === "/") ||
      (c === "@" && /^(?:everyone|here)/iu.test(text.slice(i + 1, i + 9)));
    out += escape ? `\\${c}` : c;
    lineStart = false;
  }
  return out;
}

/**
 * inert() for one line: titles, field names and text the template puts on a line of its own.
 * Every run of whitespace, line breaks included, becomes one space.
 */
export function inertLine(text: string): string {
  return inert(text.replace(/\s+/gu, " ").trim());
}

/**
 * The longest prefix of `text` no longer than `max` that ends between characters: never inside an
 * escape (`\*` cut after the backslash would leave it escaping whatever follows) nor inside a
 * surrogate pair. Text here is inert() output and our template, so every backslash opens a pair.
 */
function headOf(text: string, max: number): string {
  let end = 0;
  while (end < text.length) {
    const code = text.charCodeAt(end);
    const width = text[end] === "\\" || (code >= 0xd800 && code <= 0xdbff && end + 1 < text.length) ? 2 : 1;
    if (end + width > max) break;
    end += width;
  }
  return text.slice(0, end);
}

/** Cuts text to `max` characters at a word boundary, with an ellipsis; reports whether it cut. */
function fit(text: string, max: number, cut: { any: boolean }): string {
  if (text.length <= max) return text;
  cut.any = true;
  const head = headOf(text, max - 1);
  const space = head.lastIndexOf(" ");
  const kept = space > max * 0.6 ? head.slice(0, space) : head;
  // A `> “quote”` line cut down to its `>` (or `> `) would leave a quote marker with nothing to
  // quote, `> …` an empty block quote: the cut goes before that line. A `>` at a line start is only
  // ever the template's: inert() escapes the text's.
  return `${kept.replace(/(?:^|\n)> ?$/u, "")}…`;
}

/**
 * Why a request failed, as a message's content: one warning line within Discord's content limit
 * (leaving room for the `ref` line and a requested-by line), the reason made inert.
 */
export function renderFailure(reason: string): string {
  return `⚠️ ${fit(inert(reason), LIMITS.content - 200, { any: false })}`;
}

/** Characters an embed counts against the per-message total. */
export function embedChars(e: APIEmbed): number {
  return (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
}

/**
 * A summary as Discord messages: first one embed with the topic, where the speakers disagree, what
 * they agree on and the open questions; then one embed per speaker (a stable colour each) with the
 * stance, the positions and their quoted evidence. Every piece is cut to Discord's limits and packed
 * into as few messages as the limits allow. The footer says how the summary was made and its ref,
 * never whether it was reused from an earlier request (that would tell the requester someone else
 * summarised the same thread).
 */
export function renderSummaryForDiscord(summary: Summary, ref: string): RenderedSummary {
  const cut = { any: false };
  const nameOf = new Map(summary.speakers.map((s) => [s.id, s.name]));
  const embeds: APIEmbed[] = [];
  summary.speakers.forEach((s, i) => {
    const lines = [s.stance === "" ? "*Nothing this speaker wrote could be verified.*" : `*${inertLine(s.stance)}*`];
    for (const p of s.positions) {
      const answering = p.replies_to === null ? "" : ` (answering ${inertLine(nameOf.get(p.replies_to) ?? p.replies_to)})`;
      lines.push("", `• ${inertLine(p.claim)}${answering}`);
      for (const q of p.evidence) lines.push(`> “${inertLine(q)}”`);
    }
    embeds.push({ title: fit(inertLine(s.name) || "(no name)", LIMITS.title, cut), description: fit(lines.join("\n"), LIMITS.description, cut), color: PALETTE[i % PALETTE.length] });
  });

  const fields: NonNullable<APIEmbed["fields"]> = [];
  for (const c of summary.contentions) {
    const sides = c.sides.map((side) => `**${inertLine(nameOf.get(side.speaker) ?? side.speaker)}:** ${inertLine(side.position)}`).join("\n");
    fields.push({ name: fit(`Disagree: ${inertLine(c.point)}`, LIMITS.fieldName, cut), value: fit(sides, LIMITS.fieldValue, cut) });
  }
  if (summary.agreements.length > 0) fields.push({ name: "Agree", value: fit(summary.agreements.map((a) => `• ${inertLine(a)}`).join("\n"), LIMITS.fieldValue, cut) });
  if (summary.open_questions.length > 0) fields.push({ name: "Open questions", value: fit(summary.open_questions.map((q) => `• ${inertLine(q)}`).join("\n"), LIMITS.fieldValue, cut) });
  if (fields.length > LIMITS.fields) {
    cut.any = true;
    fields.length = LIMITS.fields;
  }
  const p = summary.provenance;
  const how = p.mode === "extractive" ? "extractive (no model)" : p.model;
  const dropped = p.dropped_claims > 0 ? ` · ${p.dropped_claims} unverifiable claim(s) left out` : "";
  const missing = p.missing.length > 0 ? ` · ${p.missing.length} part(s) missing` : "";
  embeds.push({
    title: fit(`Topic: ${inertLine(summary.topic) || "(none found)"}`, LIMITS.title, cut),
    ...(fields.length > 0 ? { fields } : {}),
    footer: { text: fit(`${how}${dropped}${missing} · ref ${ref}`, LIMITS.footer, cut) },
  });

  // Topic first, then the speakers.
  return { messages: pack([embeds[embeds.length - 1] as APIEmbed, ...embeds.slice(0, -1)]), markdown: cut.any ? toMarkdown(summary) : null };
}

/** Embeds packed in order into as few messages as Discord's per-message limits allow. */
function pack(embeds: readonly APIEmbed[]): { embeds: APIEmbed[] }[] {
  const messages: { embeds: APIEmbed[] }[] = [];
  for (const e of embeds) {
    const last = messages[messages.length - 1];
    if (last !== undefined && last.embeds.length < LIMITS.embedsPerMessage && last.embeds.reduce((n, x) => n + embedChars(x), 0) + embedChars(e) <= LIMITS.charsPerMessage) last.embeds.push(e);
    else messages.push({ embeds: [e] });
  }
  return messages;
}

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
// Characters of fields per digest page: a message's limit, less room for the title and footer.
const PAGE_CHARS = LIMITS.charsPerMessage - 400;

/**
 * A guild's digest: each thread of the period with its topic, a line per speaker's stance and the
 * main contention, as fields of as many embeds (and messages) as Discord's limits need.
 */
export function renderDigestForDiscord(digest: { from: number; to: number; threads: readonly DigestThread[] }, ref: string): { embeds: APIEmbed[] }[] {
  const cut = { any: false };
  const fields = digest.threads.map((t) => {
    const lines = t.stances.map((s) => `**${inertLine(s.name)}:** ${inertLine(s.stance)}`);
    if (t.contention !== null) lines.push(`*Contention:* ${inertLine(t.contention.point)} (${t.contention.sides.map((s) => inertLine(s.name)).join(" vs ")})`);
    return { name: fit(inertLine(t.topic) || "(no topic)", LIMITS.fieldName, cut), value: fit(lines.join("\n") || "—", LIMITS.fieldValue, cut) };
  });
  // Pages of fields, each within an embed's field count and a message's characters.
  const pages: (typeof fields)[] = [[]];
  let chars = 0;
  for (const f of fields) {
    const page = pages[pages.length - 1] ?? [];
    const size = f.name.length + f.value.length;
    if (page.length >= LIMITS.fields || (page.length > 0 && chars + size > PAGE_CHARS)) {
      pages.push([f]);
      chars = size;
    } else {
      page.push(f);
      chars += size;
    }
  }
  const title = `Digest: ${digest.threads.length} thread(s), ${day(digest.from)} to ${day(digest.to)}`;
  const embeds: APIEmbed[] = pages.map((page, i) => ({ title: i === 0 ? title : "Digest, continued", fields: page, color: 0x5865f2, footer: { text: `ref ${ref}` } }));
  return pack(embeds);
}

/** The whole summary as a Markdown document, for when embeds had to shorten it. */
export function toMarkdown(summary: Summary): string {
  const nameOf = new Map(summary.speakers.map((s) => [s.id, s.name]));
  const out = [`# ${summary.topic || "Summary"}`, ""];
  for (const s of summary.speakers) {
    out.push(`## ${s.name}`, "", s.stance === "" ? "_Nothing this speaker wrote could be verified._" : `_${s.stance}_`, "");
    for (const p of s.positions) {
      out.push(`- ${p.claim}${p.replies_to === null ? "" : ` (answering ${nameOf.get(p.replies_to) ?? p.replies_to})`}`);
      for (const q of p.evidence) out.push(`  > ${q.replace(/\s+/gu, " ")}`);
    }
    out.push("");
  }
  if (summary.contentions.length > 0) {
    out.push("## Where they disagree", "");
    for (const c of summary.contentions) {
      out.push(`- ${c.point}`);
      for (const side of c.sides) out.push(`  - ${nameOf.get(side.speaker) ?? side.speaker}: ${side.position}`);
    }
    out.push("");
  }
  if (summary.agreements.length > 0) out.push("## Where they agree", "", summary.agreements.map((a) => `- ${a}`).join("\n"), "");
  if (summary.open_questions.length > 0) out.push("## Open questions", "", summary.open_questions.map((q) => `- ${q}`).join("\n"), "");
  return out.join("\n");
}
