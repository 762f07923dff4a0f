import { cleanName } from "../../thread/names.js";

/** The `-- ` line that starts a signature (RFC 3676), also without its trailing space. */
export const isSignatureDelimiter = (text: string): boolean => /^--[ \t]?$/u.test(text.trimStart());

const SNIP =
  /^\s*(?:\[\s*(?:\.{2,}|…|snip(?:ped)?|cut|trimmed|deleted|removed|skip(?:ped)?|\.\.\. ?snip ?\.\.\.)[^\]]{0,40}\]|<\s*(?:snip(?:ped)?|\.{2,}|…|cut)\s*>|\(\s*(?:snip(?:ped)?|\.{2,}|…)\s*\)|-*\s*(?:snip|8<|>8|✂)\s*-*.{0,30}|\.{3,}|…|\[\.{3}\]|\[?\s*\d+ lines? (?:snipped|deleted|removed)\s*\]?)\s*$/iu;

/** Snip markers a replier leaves where quoted text was cut: `[...]`, `<snip>`, `-- 8< --`. */
export const isSnip = (text: string): boolean => text.trim() !== "" && SNIP.test(text);

const CLOSING =
  /^\s*(?:(?:many |big |a lot of )?thanks(?: (?:again|a lot|in advance|for (?:the|your) \w+))?|thank you(?: (?:very much|again))?|thx|tia|ty|regards|best regards|kind regards|warm regards|best wishes|best|br|cheers|greetings|sincerely|yours(?: sincerely| truly)?|all the best|take care|ciao|cordialement|bien à vous|merci(?: beaucoup)?|a\+|amicalement|gruß|grüße|viele grüße|beste grüße|mit freundlichen grüßen|liebe grüße|lg|mfg|vg|saludos|un saludo|saluti|cordiali saluti|groeten|met vriendelijke groet|hälsningar|mvh|pozdrawiam|с уважением|спасибо)\s*[,.!-]*\s*$/iu;

/** Closing phrases that open a sign-off: `Thanks,`, `Best regards,`, `Viele Grüße`. */
export const isClosing = (text: string): boolean => CLOSING.test(text);

// Short words that end a reply without being anybody's name.
const NOT_SIGNOFF = new Set(
  "applied done fixed agreed ack nak nack acked yes no nope yep yeah indeed exactly right correct true false ok okay sure thanks nice great good fine makes sense why what how ping bump oops same".split(
    " ",
  ),
);

/**
 * The name in a sign-off line: `-Daniel`, `- Dan`, `Jason`, `Thanks, Jason`, `Cheers -- Mike`.
 * Null when the line is not one. Lines ending in sentence punctuation are prose, not a name.
 */
export function signOffName(text: string): string | null {
  let t = text.trim();
  const inline = /^(.+?)[,\s]+(?:-+\s*)?([\p{Lu}][\p{L}'.-]*(?: [\p{Lu}][\p{L}'.-]*){0,2})$/u.exec(t);
  if (inline !== null && isClosing(inline[1] ?? "")) t = inline[2] ?? "";
  const dashed = /^[-~]{1,2}\s?\S/u.test(t);
  t = t.replace(/^[-~]{1,2}\s?/u, "").replace(/[,.]$/u, "");
  // Only a dash lets a lowercase handle sign (`-jgg`); a bare lowercase word is prose.
  if (!dashed && !/^\p{Lu}/u.test(t)) return null;
  if (t.length === 0 || t.length > 40 || /[!?:;]$/u.test(t)) return null;
  const words = t.split(/\s+/u);
  if (words.length > 3) return null;
  if (words.some((w) => NOT_SIGNOFF.has(w.toLowerCase()))) return null;
  if (!/^[\p{L}][\p{L}'.-]*$/u.test(words[0] ?? "")) return null;
  return cleanName(t);
}

const FOOTER =
  /unsubscribe|mailing list|listinfo|list archive|lists?\.[a-z0-9-]+\.[a-z]{2,}|\/mailman\/|you received this (?:message|email)|google groups|to post to this group|confidential|intended (?:solely )?(?:for the )?(?:use of the )?(?:individual|recipient|addressee)|privileged|disclaimer|legally protected|e-?mail transmission|this e-?mail (?:message )?(?:and any|is)|notify the sender|sender immediately|strictly prohibited|virus|sent from my (?:iphone|ipad|android|mobile|blackberry|samsung|galaxy)|get outlook for|sent via|sent using|you are currently subscribed|to (?:stop|leave|change)|mailto:[\w.-]+-(?:request|leave|unsubscribe)/giu;

/** How strongly a paragraph reads as a list footer, disclaimer or client advertisement (hits per keyword). */
export function footerHits(paragraph: string): number {
  return paragraph.match(FOOTER)?.length ?? 0;
}

/** Separator lines that often open a footer: `____`, `-----`, `=====`, `***`. */
export const isRule = (text: string): boolean => /^\s*(?:[-_=*~]{3,}|-- ?-+)\s*$/u.test(text);
