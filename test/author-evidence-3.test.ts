import { describe, expect, it } from "vitest";
import { readMail } from "../core/readers/mail/read-mail.js";
import { speakerAt, topSpeaker } from "./support/speaker-at.js";

describe("a writer following up on their own message, named only in its attribution", () => {
  // Ada wrote to Bo; Ada then follows up on her own message, greeting Bo again.
  const followUp = (greeting: string): string =>
    [
      greeting,
      "any news on this one?",
      "",
      "On 3/4/26 9:12 AM, Ada Okafor wrote:",
      "> On 3/2/26 6:40 PM, Bo Lindqvist wrote:",
      ">> The queue is torn down before the frobnicator stops.",
      ">",
      "> Hi Bo,",
      "> I split the fix in two as you asked; the second half is below.",
      ">",
      "> Regards,",
      "> Ada",
    ].join("\n");

  it("is the one quoted when their greeting calls the one that message answered", () => {
    expect(topSpeaker(readMail(followUp("Hi Bo,")))?.name).toBe("Ada Okafor");
  });

  it("is not the one quoted when their greeting calls the one quoted", () => {
    expect(topSpeaker(readMail(followUp("Hi Ada,")))?.name).not.toBe("Ada Okafor");
  });

  it("is not the one quoted when their greeting calls someone else", () => {
    expect(topSpeaker(readMail(followUp("Hi Cy,")))?.name).not.toBe("Ada Okafor");
  });
});

describe("the writer the turns name, known by an attribution without an address", () => {
  const answer = (signedOff: string): string =>
    [
      "On Tue, May 5, 2026 at 8:02 AM Bo Lindqvist <bo.l@example.com> wrote:",
      "> On Mon, May 4, 2026 at 9:12 AM Ann Lee wrote:",
      ">> The frobnicator leaks a buffer when the queue is torn down early.",
      ">> Free it in frob_stop.",
      ">>",
      `>> Signed-off-by: ${signedOff}`,
      ">",
      "> Why not free it in the error path of frob_start?",
      "",
      "Because frob_start never fails once the queue has an owner.",
    ].join("\n");

  it("takes the address of the patch they sent, signed off in their name", () => {
    const top = topSpeaker(readMail(answer("Ann Lee <ann.lee@example.org>")));
    expect(top?.name).toBe("Ann Lee");
    expect(top?.email).toBe("ann.lee@example.org");
  });

  it("takes no address from a patch signed off by someone else", () => {
    expect(topSpeaker(readMail(answer("Cy Brandt <cy@example.net>")))?.email ?? null).toBeNull();
  });
});

describe("a writer the message they answer copied in", () => {
  // Bo asks Cy to join the thread; the unsigned top writer answers Bo.
  const answer = (copied: string[], below: string[] = []): string =>
    [
      "Joining late, but the frobnicator never held that lock.",
      "",
      "On Wed, 6 May 2026 at 10:15, Bo Lindqvist <bo.l@example.com> wrote:",
      ...copied,
      ">",
      "> The queue is torn down before the frobnicator stops; does it hold the lock?",
      ...below,
    ].join("\n");

  it("is the one person copied in", () => {
    const top = topSpeaker(readMail(answer(["> [ cc Cy Mendes <cy.m@example.org> ]"])));
    expect(top?.name).toBe("Cy Mendes");
    expect(top?.email).toBe("cy.m@example.org");
  });

  it("is unknown when two people are copied in", () => {
    expect(topSpeaker(readMail(answer(["> Cc: Cy Mendes <cy.m@example.org>", "> Cc: Dee Park <dee@example.org>"])))?.known).toBe(false);
  });

  it("is unknown when the copy is a patch's Cc list", () => {
    const patch = ["> Signed-off-by: Bo Lindqvist <bo.l@example.com>", "> Cc: Cy Mendes <cy.m@example.org>", "> ---", "> diff --git a/frob.c b/frob.c"];
    expect(topSpeaker(readMail(answer([], patch)))?.known).toBe(false);
  });
});

describe("a patch quoted deepest, nothing naming its sender", () => {
  // A patch was reviewed (d2); Bo answered the review (d1); the top writer, Ada, answers Bo.
  const thread = (top: string, reviewer: string): string =>
    [
      top,
      "",
      "Thanks,",
      "Ada Okafor",
      "",
      "On Thu, 7 May 2026 at 11:00, Bo Lindqvist <bo.l@example.com> wrote:",
      `> On Wed, 6 May 2026 at 10:15, ${reviewer} wrote:`,
      ">>> diff --git a/frob.c b/frob.c",
      ">>> @@ -1,3 +1,4 @@ static int frob_stop(struct frob *f)",
      ">>> +\tspin_lock(&f->lock);",
      ">>",
      ">> The lock is taken twice on the error path.",
      ">",
      "> Only when the queue is torn down first, which it never is.",
    ].join("\n");

  it("is the one writing at the top, answering the review of their patch", () => {
    const parsed = readMail(thread("It is, on resume: I will send a v2 that takes the lock once.", "Cy Mendes <cy.m@example.org>"));
    expect(speakerAt(parsed, 3)?.name).toBe("Ada Okafor");
  });

  it("is not the top writer when they wrote the review right above it", () => {
    const parsed = readMail(thread("Fair enough, then it can stay.", "Ada Okafor <ada@example.org>"));
    expect(speakerAt(parsed, 3)?.name).not.toBe("Ada Okafor");
  });
});
