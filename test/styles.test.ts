import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readMail } from "../core/readers/mail/read-mail.js";
import type { Thread } from "../core/thread/model.js";

const fixture = (name: string): string => readFileSync(new URL(`./fixtures/styles/${name}`, import.meta.url), "utf8");
const flatten = (text: string): string => text.split("\n").join(" ");

/** Each segment as `role depth speaker`, the shape of the expected attribution. */
function outline(thread: Thread): string[] {
  const nameOf = new Map(thread.speakers.map((s) => [s.id, s.name]));
  return thread.segments.map((s) => `${s.role} ${s.depth} ${s.speaker === null ? "-" : (nameOf.get(s.speaker) ?? "?")}`);
}

/** Content words with their speaker's name, to compare a flattened parse with the multiline one. */
function contentWords(thread: Thread): string[] {
  const nameOf = new Map(thread.speakers.map((s) => [s.id, s.name]));
  return thread.segments.flatMap((s) => (s.role === "content" ? s.text.split(/\s+/u).filter((w) => w !== "").map((w) => `${w}@${nameOf.get(s.speaker ?? "") ?? "-"}`) : []));
}

const CASES = [
  {
    file: "outlook-toppost.txt",
    what: "an Outlook top-posted chain with `-----Original Message-----` blocks and a signed title",
    speakers: ["Mark Wadlington", "Sarah Connor"],
    outline: ["content 0 Sarah Connor", "signature 0 Sarah Connor", "header 0 -", "content 0 Mark Wadlington", "signature 0 Mark Wadlington", "header 0 -", "content 0 Sarah Connor"],
  },
  {
    file: "french-outlook.txt",
    what: "a localised header block (`De :`/`Envoyé :`/`À :`) whose recipient completes the author's sign-off",
    speakers: ["Claire Dubois", "Pierre Martin"],
    outline: ["content 0 Pierre Martin", "signature 0 Pierre Martin", "header 0 -", "content 0 Claire Dubois"],
  },
  {
    file: "nmh-quoting-snip.txt",
    what: "`In message <id> you wrote:` (writer unknown), a snip marker and `Quoting Name:`",
    speakers: ["Mikey", "Timur Tabi", "unknown (quoted at depth 1)"],
    outline: [
      "attribution 0 -",
      "content 1 unknown (quoted at depth 1)",
      "snip 0 Mikey",
      "content 1 unknown (quoted at depth 1)",
      "content 0 Mikey",
      "attribution 0 -",
      "content 1 Timur Tabi",
      "content 0 Mikey",
      "signature 0 Mikey",
    ],
  },
  {
    file: "list-footer.txt",
    what: "a mailing-list footer after the sign-off",
    speakers: ["Gal Pressman", "Leon"],
    outline: ["attribution 0 -", "content 1 Gal Pressman", "content 0 Leon", "signature 0 Leon", "footer 0 -"],
  },
  {
    file: "gmail-toppost.txt",
    what: "a top-posted Gmail reply over two levels of quotes, signed with a closing",
    speakers: ["Maria Lopez", "Tom Becker"],
    outline: ["content 0 Maria Lopez", "signature 0 Maria Lopez", "attribution 0 -", "content 1 Tom Becker", "attribution 1 -", "content 2 Maria Lopez", "signature 2 Maria Lopez"],
  },
  {
    file: "lotus-columns.txt",
    what: "a Lotus Notes header laid out in columns (`To` / `cc` / `Subject` each alone on a line) inside a quote",
    speakers: ["Priya", "Tomas Berg"],
    outline: ["content 0 Priya", "signature 0 Priya", "attribution 0 -", "header 1 -", "content 1 Tomas Berg", "signature 1 Tomas Berg"],
    // Known gap: flattened, the bare labels (`To`, `cc`) cannot be told from deeper quoted lines, and
    // the sign-off `Priya` runs into the attribution after it (`Priya Tomas Berg <t@x> wrote`).
    flattenedGap: true,
  },
] as const;

describe.each(CASES)("$what", (style) => {
  const { file, speakers, outline: expected } = style;
  const text = fixture(file);
  const multiline = readMail(text);

  it("attributes every segment as expected", () => {
    expect(multiline.speakers.map((s) => s.name).sort()).toEqual([...speakers].sort());
    expect(outline(multiline)).toEqual(expected);
  });

  // A style with a known flattened gap is expected to fail here, so that closing the gap shows.
  const flattenedCase = "flattenedGap" in style ? it.fails : it;
  flattenedCase("gives the same speakers and content when the paste lost its newlines", () => {
    const flat = readMail(flatten(text));
    expect(flat.speakers.map((s) => s.name).sort()).toEqual([...speakers].sort());
    expect(contentWords(flat)).toEqual(contentWords(multiline));
  });
});

describe("a pasted chain of messages with From:/Date:/Subject: headers", () => {
  const chain = [
    "From: Alice Smith <alice@example.com>",
    "Date: Mon, 3 Feb 2025 10:00:00 +0000",
    "Subject: Switch the build to meson?",
    "",
    "I think we should move the build to meson. The autotools setup is",
    "unmaintainable and slows every contributor down.",
    "",
    "Alice",
    "",
    "From: Bob Jones <bob@example.org>",
    "Date: Mon, 3 Feb 2025 12:00:00 +0000",
    "Subject: Re: Switch the build to meson?",
    "",
    "On Mon, Feb 3, 2025 at 10:00 AM Alice Smith <alice@example.com> wrote:",
    "> I think we should move the build to meson. The autotools setup is",
    "> unmaintainable and slows every contributor down.",
    "",
    "I disagree. Packagers depend on autotools and the migration cost is",
    "high.",
    "",
    "-- ",
    "Bob Jones",
  ].join("\n");

  it.each([
    ["multiline", chain],
    ["flattened", flatten(chain)],
  ])("numbers the messages and names each author (%s)", (_mode, text) => {
    const thread = readMail(text);
    expect(thread.speakers.map((s) => s.name)).toEqual(["Alice Smith", "Bob Jones"]);
    expect(outline(thread)).toEqual([
      "header 0 -",
      "content 0 Alice Smith",
      "signature 0 Alice Smith",
      "header 0 -",
      "attribution 0 -",
      "content 1 Alice Smith",
      "content 0 Bob Jones",
      "signature 0 Bob Jones",
    ]);
    expect(thread.segments.map((s) => s.message)).toEqual([0, 0, 0, 1, 1, 1, 1, 1]);
    // Bob's reply answers the quote of Alice's message above it; Alice's message, sent first, answers nothing.
    const reply = thread.turns.find((t) => t.message === 1 && t.depth === 0);
    const quoted = thread.turns.find((t) => t.id === reply?.replies_to);
    expect(quoted?.depth).toBe(1);
    expect(thread.turns.find((t) => t.message === 0 && t.depth === 0)?.replies_to).toBeNull();
  });
});

describe("an Outlook chain: each reply above the message it answers, under that message's header block", () => {
  const chain = [
    "No, the flush has to stay: without it we lose data on power failure.",
    "",
    "Regards,",
    "Ann Lee",
    "",
    "Von: Juan Pérez <juan@example.com>",
    "Gesendet: Dienstag, 3. März 2026 10:00",
    "An: Ann Lee <ann@example.org>",
    "Betreff: AW: flush",
    "",
    "We should drop the flush, it costs too much on every write.",
    "",
    "Juan",
    "",
    "-----Original Message-----",
    "From: Ann Lee <ann@example.org>",
    "Sent: Monday, March 2, 2026 9:00 AM",
    "To: Juan Pérez <juan@example.com>",
    "Subject: flush",
    "",
    "Why does every write flush the cache?",
  ].join("\n");

  it("links each message's reply to the message below it", () => {
    const thread = readMail(chain);
    const top = (message: number) => thread.turns.find((t) => t.message === message && t.depth === 0);
    const name = (id: string | null | undefined) => thread.speakers.find((s) => s.id === id)?.name;
    expect([0, 1, 2].map((m) => name(top(m)?.speaker))).toEqual(["Ann Lee", "Juan Pérez", "Ann Lee"]);
    expect(top(0)?.replies_to).toBe(top(1)?.id);
    expect(top(1)?.replies_to).toBe(top(2)?.id);
    expect(top(2)?.replies_to).toBeNull();
  });
});
