import { describe, expect, it } from "vitest";
import { unflatten } from "../core/readers/mail/unflatten.js";
import { flat } from "./support/flat-paste.js";

const read = (lines: string[]): [number, string][] | undefined =>
  unflatten(flat(lines), undefined, true)
    ?.filter((l) => l.text !== "")
    .map((l) => [l.depth, l.text]);

describe("a quote closed by a quoted blank line, a reply after it", () => {
  it("reads a short answer after a lone `>` as the writer's, not as one more quoted line", () => {
    expect(
      read([
        "On Mon, 2 Sep 2024, Ria Stam <ria@example.org> wrote:",
        "> The probe leaks the DMA buffer when the second clock fails to enable,",
        "> since the error path returns before the free.",
        ">",
        "Ah, right, missed that.",
        "> And the IRQ stays requested on that path as well, which the next probe trips on.",
        ">",
        "OK, both go in v3.",
        "Thanks,",
        "Odo",
      ]),
    ).toEqual([
      [0, "On Mon, 2 Sep 2024, Ria Stam <ria@example.org> wrote:"],
      [1, "The probe leaks the DMA buffer when the second clock fails to enable,"],
      [1, "since the error path returns before the free."],
      [0, "Ah, right, missed that."],
      [1, "And the IRQ stays requested on that path as well, which the next probe trips on."],
      [0, "OK, both go in v3."],
      [0, "Thanks,"],
      [0, "Odo"],
    ]);
  });

  it("reads an answer one level up from the question as the shallower quote's", () => {
    const lines = read([
      "On Tue, 3 Sep 2024, Odo Berg <odo@example.org> wrote:",
      ">> Ria Stam wrote:",
      ">> The array comes up degraded after every reboot, with two members marked as spares.",
      ">> Is the superblock wrong?",
      "> Yes, the event counts differ; assemble it with --force once and it stays clean.",
      "I tried that last night and it works now.",
      "Thanks,",
      "Ria",
    ]);
    expect(lines?.find(([, text]) => text.startsWith("Yes, the event counts"))?.[0]).toBe(1);
  });

  it("reads an answer after a quoted blank line one level up, in spaced prefixes, as the shallower quote's", () => {
    // `> > Does it even matter? > > Yes, ...`: the run is a quoted blank line and the answer at depth 1,
    // not the question's quote going on at depth 2.
    const lines = read([
      "On Tue, 3 Sep 2024, Odo Berg <odo@example.org> wrote:",
      "> Great, then the driver can set it.",
      ">",
      "> > With that in mind, if the array is assembled by hand, what does the",
      "> > member order change when we're in degraded mode",
      "> > (state == 2)? Does it even matter?",
      ">",
      "> Yes, the order matters even then.",
      "> When the members disagree the newest event count wins and the rest",
      "> are kicked out of the array.",
      "",
      "I tried that last night and it works now.",
    ]);
    expect(lines?.find(([, text]) => text.startsWith("Yes, the order"))?.[0]).toBe(1);
  });

  it("reads the answer after a quoted attribution's quote as its writer's, not the quote going on", () => {
    // `> > ... Is that known? > > Known since v6.2` with no answer word: read at depth 2, the depth-1
    // writer, whose attribution opens the quote, would have quoted it without a word of their own.
    const lines = read([
      "On Tue, 3 Sep 2024, Odo Berg <odo@example.org> wrote:",
      "> On Mon, 2 Sep 2024, Ria Stam wrote:",
      "> > The clock driver leaks its parent reference when probe fails late,",
      "> > so the next bind sees a refcount one too high. Is that known?",
      ">",
      "> Known since v6.2, a fix went in last week.",
      "",
      "Great, thanks.",
    ]);
    expect(lines?.find(([, text]) => text.startsWith("Known since"))?.[0]).toBe(1);
  });
  it("reads a long paragraph after a quoted blank line, with no answer word, as the writer's whole", () => {
    // `...a worry. > I have not seen ... anyone who does. Turning it on ...`: read as one more quoted
    // line, its first sentence would go to the quoted writer and only the rest be the reply.
    const lines = read([
      "On Wed, 4 Sep 2024, Ria Stam <ria@example.org> wrote:",
      "> The loader keeps the old table around until the next resume, which is",
      "> harmless on small boards but a worry.",
      ">",
      "I have not seen that table outlive a resume on any board here.",
      "The loader frees it in the late hook, so the copy you saw is the one the firmware keeps for itself.",
      "> It also never frees the second table.",
      "",
      "That one is freed on unbind.",
    ]);
    expect(lines?.find(([, text]) => text.startsWith("I have not seen"))?.[0]).toBe(0);
  });
});
