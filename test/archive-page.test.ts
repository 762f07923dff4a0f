import { describe, expect, it } from "vitest";
import { readMail } from "../core/readers/mail/read-mail.js";
import type { Thread } from "../core/thread/model.js";
import { labelText as label, roleAndWriter as at } from "./support/labelled.js";

/** The role and speaker of the segment of a parse that holds `words` (`missing` where none does). */
function segmentWith(thread: Thread, words: string): string {
  const seg = thread.segments.find((s) => s.text.replace(/\s+/gu, " ").includes(words));
  if (seg === undefined) return "missing";
  return `${seg.role} ${thread.speakers.find((s) => s.id === seg.speaker)?.name ?? "-"}`;
}

const flatten = (text: string): string => text.split(/\s+/u).filter((w) => w !== "").join(" ");

describe("a message copied from a web archive's page", () => {
  const page = (opening: readonly string[]): string =>
    [
      ...opening,
      "",
      "    Previous message (by thread): [Quill-users] sound after the upgrade",
      "    Next message (by thread): [Quill-users] sound after the upgrade",
      "    Messages sorted by: [ date ] [ thread ] [ subject ] [ author ]",
      "",
      "On Mon, 2 Mar 2026, Karin Holm wrote:",
      "",
      "> Does anyone have sound working on the new release?",
      "",
      "It works here after rebuilding the module and starting the daemon again.",
      "",
      "    Previous message (by thread): [Quill-users] sound after the upgrade",
      "    Next message (by thread): [Quill-users] sound after the upgrade",
      "    Messages sorted by: [ date ] [ thread ] [ subject ] [ author ]",
      "",
      "More information about the Quill-users mailing list",
    ].join("\n");

  it("reads pipermail's subject, sender and date as the header naming the writer, and its links as no one's words", () => {
    const lines = label(page(["[Quill-users] sound after the upgrade", "Tomas Berg tomas at example.org", "Tue Mar  3 10:00:00 UTC 2026"]));
    expect(at(lines, "[Quill-users] sound")).toBe("header -");
    expect(at(lines, "Tomas Berg")).toBe("header -");
    expect(at(lines, "Tue Mar")).toBe("header -");
    expect(at(lines, "It works here")).toBe("content Tomas Berg");
    expect(at(lines, "Previous message")).toBe("footer -");
    expect(at(lines, "Messages sorted by")).toBe("footer -");
  });

  it("takes no sender line for a header without a date and time under it, or below the paste's opening", () => {
    expect(at(label(page(["Tomas Berg tomas at example.org", "Thanks 1"])), "Tomas Berg")).toMatch(/^content /u);
    expect(at(label(page(["Hi all,", "", "I asked Tomas.", "", "Tomas Berg tomas at example.org", "Tue Mar  3 10:00:00 UTC 2026"])), "Tomas Berg")).toMatch(/^content /u);
  });
});

describe("a message or thread copied from a public-inbox page (lore.kernel.org)", () => {
  const patch = [
    "The lock is held across msleep(), which stalls every other reader for",
    "up to a second. Drop it before sleeping and take it again after.",
    "",
    "Signed-off-by: Nils Ek <nils@example.com>",
  ];
  const answer = [
    "On Mon, Apr 12, 2021 at 12:00:00PM +0200, Nils Ek wrote:",
    "> The lock is held across msleep(), which stalls every other reader for",
    "> up to a second.",
    "",
    "I don't think this is safe: the list can change while we sleep, and the",
    "cursor then points at a freed entry. Please keep the lock.",
    "",
    "Thanks,",
    "Runa",
  ];
  // The message view: the full header, then the body, then the links and the thread's overview.
  const messageView = [
    "From: Runa Dahl <runa@example.org>",
    "To: Nils Ek <nils@example.com>",
    "Cc: linux-foo@vger.kernel.org",
    "Subject: Re: [PATCH v2] foo: drop the lock before sleeping",
    "Date: Tue, 13 Apr 2021 11:06:21 +0200\t[thread overview]",
    "Message-ID: <20210413090621.GA1234@example.org> (raw)",
    "In-Reply-To: <20210412100000.5678-1-nils@example.com>",
    "",
    ...answer,
    "",
    "next prev parent reply\tother threads:[~2021-04-13  9:06 UTC|newest]",
    "",
    "Thread overview: 3+ messages / expand[flat|nested]  mbox.gz  Atom feed  top",
    "2021-04-12 10:00 [PATCH v2] foo: drop the lock before sleeping Nils Ek",
    "2021-04-13  9:06 ` Runa Dahl [this message]",
    "2021-04-13 10:12   ` Nils Ek",
  ].join("\n");
  // The thread view: each message under its place in the tree and a `From: Name @ <time>` header.
  const threadView = [
    "* [PATCH v2] foo: drop the lock before sleeping",
    "@ 2021-04-12 10:00 Nils Ek",
    "  2021-04-13  9:06 ` Runa Dahl",
    "  0 siblings, 1 reply; 3+ messages in thread",
    "From: Nils Ek @ 2021-04-12 10:00 UTC (permalink / raw)",
    "  To: linux-foo; +Cc: Runa Dahl",
    "",
    ...patch,
    "",
    "^ permalink raw reply\t[flat|nested] 3+ messages in thread",
    "",
    "* Re: [PATCH v2] foo: drop the lock before sleeping",
    "  2021-04-12 10:00 [PATCH v2] foo: drop the lock before sleeping Nils Ek",
    "@ 2021-04-13  9:06 ` Runa Dahl",
    "  0 siblings, 0 replies; 3+ messages in thread",
    "From: Runa Dahl @ 2021-04-13  9:06 UTC (permalink / raw)",
    "  To: Nils Ek; +Cc: linux-foo",
    "",
    ...answer.slice(0, -2),
    "",
    "Runa",
    "",
    "^ permalink raw reply\t[flat|nested] 3+ messages in thread",
  ].join("\n");

  it.each([
    [
      "reads the message view's header as the writer's, and its links and overview as no one's words",
      messageView,
      { "In-Reply-To:": "header -", "I don't think this is safe": "content Runa Dahl", "Thread overview": "footer -", "Runa Dahl [this message]": "footer -" },
    ],
    [
      "names each message of the thread view by its `From: Name @ <time>` line, its tree and links no one's words",
      threadView,
      { "Drop it before sleeping and take it again after": "content Nils Ek", "Please keep the lock": "content Runa Dahl", "0 siblings, 1 reply": "footer -", "permalink raw reply": "footer -" },
    ],
  ])("%s, multiline and flattened", async (_what, page, expected) => {
    for (const text of [page, flatten(page)]) {
      const thread = await readMail(text);
      for (const [words, labelled] of Object.entries(expected)) expect(segmentWith(thread, words)).toBe(labelled);
      expect(thread.speakers.map((s) => s.name).sort()).toEqual(["Nils Ek", "Runa Dahl"]);
    }
  });
});
