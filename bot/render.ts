import { escapeMarkdown, type APIEmbed } from "discord.js";
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
} as const;

const PALETTE = [0x1abc9c, 0xe67e22, 0x9b59b6, 0x3498db, 0xe91e63, 0xf1c40f, 0x2ecc71, 0xe74c3c] as const;

/** What the bot sends for one summary: messages of embeds, and the whole text when embeds had to cut it. */
export interface RenderedSummary {
  messages: { embeds: APIEmbed[] }[];
  /** The full summary as Markdown, attached when any embed was shortened; null when nothing was. */
  markdown: string | null;
}

/**
 * Thread and model text as inert Markdown: formatting, masked links (`[click](https://evil)`) and
 * headings escaped, so a speaker's words cannot restyle the post or disguise a link. Mentions are
 * made harmless by `allowed_mentions` on every message instead, which keeps names readable.
 */
export function inert(text: string): string {
  return escapeMarkdown(text, { maskedLink: true, heading: true, bulletedList: true, numberedList: true });
}

/** Cuts text to `max` characters at a word boundary, with an ellipsis; reports whether it cut. */
function fit(text: string, max: number, cut: { any: boolean }): string {
  if (text.length <= max) return text;
  cut.any = true;
  const head = text.slice(0, max - 1);
  const space = head.lastIndexOf(" ");
  return `${space > max * 0.6 ? head.slice(0, space) : head}…`;
}

/** Characters an embed counts against the per-message total. */
export function embedChars(e: APIEmbed): number {
  return (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
}

/**
 * A summary as Discord messages: one embed per speaker (a stable colour each) with the stance, the
 * positions and their quoted evidence, then one embed for contention, agreement and open questions.
 * Every piece is cut to Discord's limits and packed into as few messages as the limits allow.
 */
export function renderSummaryForDiscord(summary: Summary, ref: string): RenderedSummary {
  const cut = { any: false };
  const nameOf = new Map(summary.speakers.map((s) => [s.id, s.name]));
  const embeds: APIEmbed[] = [];
  summary.speakers.forEach((s, i) => {
    const lines = [s.stance === "" ? "*Nothing this speaker wrote could be verified.*" : `*${inert(s.stance)}*`];
    for (const p of s.positions) {
      const answering = p.replies_to === null ? "" : ` (answering ${inert(nameOf.get(p.replies_to) ?? p.replies_to)})`;
      lines.push("", `• ${inert(p.claim)}${answering}`);
      for (const q of p.evidence) lines.push(`> “${inert(q.replace(/\s+/gu, " "))}”`);
    }
    embeds.push({ title: fit(inert(s.name), LIMITS.title, cut), description: fit(lines.join("\n"), LIMITS.description, cut), color: PALETTE[i % PALETTE.length] });
  });

  const fields: NonNullable<APIEmbed["fields"]> = [];
  for (const c of summary.contentions) {
    const sides = c.sides.map((side) => `**${inert(nameOf.get(side.speaker) ?? side.speaker)}:** ${inert(side.position)}`).join("\n");
    fields.push({ name: fit(`Disagree: ${inert(c.point)}`, LIMITS.fieldName, cut), value: fit(sides, LIMITS.fieldValue, cut) });
  }
  if (summary.agreements.length > 0) fields.push({ name: "Agree", value: fit(summary.agreements.map((a) => `• ${inert(a)}`).join("\n"), LIMITS.fieldValue, cut) });
  if (summary.open_questions.length > 0) fields.push({ name: "Open questions", value: fit(summary.open_questions.map((q) => `• ${inert(q)}`).join("\n"), LIMITS.fieldValue, cut) });
  if (fields.length > LIMITS.fields) {
    cut.any = true;
    fields.length = LIMITS.fields;
  }
  const p = summary.provenance;
  const how = p.mode === "extractive" ? "extractive (no model)" : `${p.model}${p.cached ? ", from cache" : ""}`;
  const dropped = p.dropped_claims > 0 ? ` · ${p.dropped_claims} unverifiable claim(s) left out` : "";
  const missing = p.missing.length > 0 ? ` · ${p.missing.length} part(s) missing` : "";
  embeds.push({
    title: fit(`Topic: ${inert(summary.topic || "(none found)")}`, LIMITS.title, cut),
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
    const lines = t.stances.map((s) => `**${inert(s.name)}:** ${inert(s.stance)}`);
    if (t.contention !== null) lines.push(`*Contention:* ${inert(t.contention.point)} (${t.contention.sides.map((s) => inert(s.name)).join(" vs ")})`);
    return { name: fit(inert(t.topic || "(no topic)"), LIMITS.fieldName, cut), value: fit(lines.join("\n") || "—", LIMITS.fieldValue, cut) };
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
