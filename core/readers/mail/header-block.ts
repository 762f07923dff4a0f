import { isBlank, type QuotedLine } from "./lines.js";
import { cleanName, findEmail, stripEmails } from "../../thread/names.js";

/** A block of message header fields (Outlook `-----Original Message-----`, pasted archive headers). */
export interface HeaderBlock {
  /** Index one past the block's last line. */
  end: number;
  from: { name: string | null; email: string | null } | null;
}

const SEPARATOR =
  /^\s*(?:-{2,}\s*(?:Original Message|Forwarded message|Ursprüngliche Nachricht|Message d'origine|Message transféré|Mensaje original|Messaggio originale|Oorspronkelijk bericht|Originalmeddelande|Alkuperäinen viesti|Wiadomość oryginalna|Mensagem original)\s*-{2,}|_{10,}|-{5,} ?Forwarded by .*-{3,}|Begin forwarded message:)\s*$/iu;
const FROM = /^\s*(?:From|De|Von|Van|Da|Od|Fra|Från|Lähettäjä|Feladó|От|Remitente|Expéditeur)\s*:\s*(.*)$/iu;
const FIELD =
  /^\s*(?:From|Sent|Date|To|Cc|Bcc|Subject|Reply-To|Message-ID|In-Reply-To|References|Importance|De|Envoyé|À|A|Objet|Cc|Date|Von|Gesendet|Datum|An|Betreff|Kopie|Enviado|Para|Asunto|Fecha|Inviato|Oggetto|Data|Verzonden|Onderwerp|Aan|Skickat|Ämne|Till|Lähetetty|Aihe|Vastaanottaja|Wysłano|Temat|Do|Отправлено|Тема|Кому|Sent by|Organization|User-Agent|X-[\w-]+)\s*:(?:\s|$)/iu;
// Lotus Notes: `"Ron Shangle" <SHANGLE@mbusa.com> on 09/08/2000 12:05:13 PM`.
const LOTUS_FROM = /^\s*(.+?)\s+on\s+\d{1,2}\/\d{1,2}\/\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AP]M)?\s*$/iu;

/** Parses the value of a `From:` field: `Name <a@b>`, `"Last, First" [mailto:a@b]`, `a@b On Behalf Of Name`. */
export function parseFromValue(value: string): { name: string | null; email: string | null } {
  const behalf = /\bon behalf of\s+(.+)$/iu.exec(value);
  // `list-bounces@host On Behalf Of Name`: the address is the list's, not the writer's.
  const email = behalf === null ? findEmail(value) : findEmail(behalf[1] ?? "");
  const source = behalf?.[1] ?? value;
  const lotus = source.replace(/\/[^\s]*@[^\s]*$/u, "").replace(/\/.*$/u, "");
  return { name: cleanName(stripEmails(lotus)), email };
}

const fieldCount = (lines: readonly QuotedLine[], from: number, to: number, depth: number): number => {
  let n = 0;
  for (let i = from; i < to; i++) {
    const line = lines[i];
    if (line !== undefined && line.depth === depth && FIELD.test(line.text)) n++;
  }
  return n;
};

/**
 * Recognises a header block starting at `start`: an optional separator line, then a `From:` field
 * (or a Lotus `Name on <date>` line) with at least one more field within a few lines. Field values
 * that wrap onto following lines belong to the block; it ends at the first blank line after the fields.
 */
export function matchHeaderBlock(lines: readonly QuotedLine[], start: number): HeaderBlock | null {
  const first = lines[start];
  if (first === undefined) return null;
  // Every header line has a colon, a rule or a Lotus `on <date>`: most lines are ruled out at once.
  if (!first.text.includes(":") && !/[-_]{5}| on \d/u.test(first.text) && !first.text.startsWith("Begin")) return null;
  const depth = first.depth;
  let i = start;
  const separated = SEPARATOR.test(first.text);
  if (separated) {
    i++;
    while (i < lines.length && lines[i]?.depth === depth && isBlank(lines[i]?.text ?? "") && i - start < 3) i++;
  }
  const fromLine = lines[i];
  if (fromLine === undefined || fromLine.depth !== depth) return separated ? { end: i, from: null } : null;
  const fromMatch = FROM.exec(fromLine.text);
  const lotusMatch = fromMatch === null && fromLine.text.includes(" on ") ? LOTUS_FROM.exec(fromLine.text) : null;
  if (fromMatch === null && lotusMatch === null) {
    if (!separated) return null;
    return FIELD.test(fromLine.text) ? { end: blockEnd(lines, i, depth), from: null } : { end: i, from: null };
  }
  const end = blockEnd(lines, i, depth);
  const needed = separated ? 1 : 2;
  if (fieldCount(lines, i, end, depth) + (lotusMatch === null ? 0 : 1) < needed) return null;
  const from = parseFromValue(fromMatch?.[1] ?? lotusMatch?.[1] ?? "");
  return { end, from };
}

/** Field values may wrap onto following lines; the block ends at a blank line or a depth change. */
function blockEnd(lines: readonly QuotedLine[], from: number, depth: number): number {
  let i = from + 1;
  while (i < lines.length) {
    const line = lines[i];
    if (line === undefined || line.depth !== depth || isBlank(line.text)) break;
    i++;
  }
  return i;
}
