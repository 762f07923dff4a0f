import { describe, expect, it } from "vitest";
import { readMail } from "../core/readers/mail/read-mail.js";
import { speakerAt, topSpeaker } from "./support/speaker-at.js";
import { mention, mergeMentions } from "../core/thread/speakers.js";

describe("the top-level author from a signature", () => {
  it("takes the address of a signature that names no one in a form read as a name", () => {
    const paste = [
      "> Did the rebuild finish?",
      "",
      "It did, after two passes.",
      "",
      "-- ",
      "Dipl. Ing. Erika Mustermann | mail: erika.mustermann@example.org | Room 4",
      "Hauptstrasse 9, 12345 Musterstadt",
    ].join("\n");
    expect(topSpeaker(readMail(paste))?.email).toBe("erika.mustermann@example.org");
  });

  it("never takes a list footer's address after the delimiter", () => {
    const paste = ["> Did the rebuild finish?", "", "It did, after two passes.", "", "-- ", "Frobnicator-devel mailing list frobnicator-devel@lists.example.org", "https://lists.example.org/listinfo/frobnicator-devel"].join("\n");
    expect(topSpeaker(readMail(paste))?.known).toBe(false);
  });
});

describe("the top-level author from evidence elsewhere in the paste", () => {
  it("names the writer of a review from the trailer in their own text", () => {
    const paste = ["On Mon, 3 Mar 2025, Pat Quill wrote:", "> Frob the widget before the gadget.", "", "Looks right to me.", "", "Reviewed-by: Ines Varga <ines.varga@example.org>"].join("\n");
    expect(topSpeaker(readMail(paste))).toMatchObject({ name: "Ines Varga", email: "ines.varga@example.org" });
  });

  it("names the writer refusing a patch from the Nacked-by in their own text, a quoted name too", () => {
    const paste = ["On Mon, 3 Mar 2025, Pat Quill wrote:", "> Frob the widget before the gadget.", "", "No: this breaks the locking rule we agreed on.", "", 'Nacked-by: "Ines B. Varga" <ines.varga@example.org>'].join("\n");
    expect(topSpeaker(readMail(paste))).toMatchObject({ name: "Ines B. Varga", email: "ines.varga@example.org" });
  });

  it("reads a Reviewed-by in the writer's own patch as its reviewer, the Signed-off-by as its sender", () => {
    const paste = [
      "Pat Quill <pat@example.org> writes:",
      "> Does the check need the lock?",
      "",
      "Please consider the version below, with the lock taken.",
      "",
      "Frob the widget under the lock.",
      "",
      "Reviewed-by: Ines Varga <ines.varga@example.org>",
      "Signed-off-by: Mirela Stan <mirela@example.org>",
    ].join("\n");
    expect(topSpeaker(readMail(paste))).toMatchObject({ name: "Mirela Stan", email: "mirela@example.org" });
  });

  it("names nobody from the maintainer's Signed-off-by closing an applied commit the writer shows", () => {
    const paste = [
      "> The queue restarts before the flush.",
      "",
      "An older fix did the same for the widget:",
      "",
      "commit 0123456789abcdef0123456789abcdef01234567",
      "Author: Pat Quill <pat@example.org>",
      "Date:   Tue Jan 12 08:58:00 2016 -0800",
      "",
      "    widget: flush before resume",
      "",
      "    Signed-off-by: Pat Quill <pat@example.org>",
      "    Signed-off-by: Ines Varga <ines.varga@example.org>",
    ].join("\n");
    expect(topSpeaker(readMail(paste))?.known).toBe(false);
  });

  it("names the writer showing their own commit from its Signed-off-by", () => {
    const paste = [
      "> Please split the locking out.",
      "",
      "Done, see below:",
      "",
      "commit 0123456789abcdef0123456789abcdef01234567",
      "Author: Mirela Stan <mirela@example.org>",
      "Date:   Tue Jan 12 08:58:00 2016 -0800",
      "",
      "    widget: flush before resume",
      "",
      "    Signed-off-by: Mirela Stan <mirela@example.org>",
    ].join("\n");
    expect(topSpeaker(readMail(paste))?.name).toBe("Mirela Stan");
  });

  it("leaves a review quoted with a patch to its patch, not to the quoting writer", () => {
    const paste = ["> Frob the widget first.", ">", "> Reviewed-by: Ines Varga <ines.varga@example.org>", "", "Applied, thanks."].join("\n");
    const thread = readMail(paste);
    const quoted = thread.segments.find((s) => s.depth === 1 && s.role === "content");
    expect(thread.speakers.find((s) => s.id === quoted?.speaker)?.known).toBe(false);
  });

  it("names two people taking turns: the author is the one quoted twice when the turns go back and forth", () => {
    const paste = [
      "On Tue, Bo Lindqvist wrote:",
      "> On Mon, Ada Okafor wrote:",
      "> > On Sun, Bo Lindqvist wrote:",
      "> > > On Sat, Ada Okafor wrote:",
      "> > > > The queue drains too late.",
      "> > > Then drain it earlier.",
      "> > That races with the timer.",
      "> Take the lock first.",
      "",
      "The lock is already taken there.",
    ].join("\n");
    expect(topSpeaker(readMail(paste))?.name).toBe("Ada Okafor");
  });

  it("names the one quoted two levels down on a single turn, and nobody when the turns do not alternate", () => {
    const paste = ["On Tue, Bo Lindqvist wrote:", "> On Mon, Ada Okafor wrote:", "> > The queue drains too late.", "> Then drain it earlier.", "", "That races with the timer."].join("\n");
    expect(topSpeaker(readMail(paste))?.name).toBe("Ada Okafor");
    // Bo answering Bo is no conversation between two people.
    expect(topSpeaker(readMail(paste.replace("Ada Okafor", "Bo Lindqvist")))?.known).toBe(false);
  });

  it("names the one quoted two levels down when the writer between them is unnamed: a back-and-forth whose top attribution was never written", () => {
    const paste = ["> On Mon, Ada Okafor wrote:", "> > The queue drains too late.", "> Then drain it earlier.", "", "That races with the timer."].join("\n");
    expect(topSpeaker(readMail(paste))?.name).toBe("Ada Okafor");
    // A writer who addresses Ada is not Ada.
    expect(topSpeaker(readMail(paste.replace("That races", "Ada, that races")))?.known).toBe(false);
    // With nothing written between them, no one answered Ada: the turns say nothing.
    expect(topSpeaker(readMail(["> On Mon, Ada Okafor wrote:", "> > The queue drains too late.", "", "That races with the timer."].join("\n")))?.known).toBe(false);
  });

  it("reads the turns downwards: a signed writer quoting an unnamed answer to their own words wrote the level under it", () => {
    const paste = [">> The queue drains too late under load.", ">", "> Then drain it before arming the timer.", "", "That races with the timer.", "", "-Ada"].join("\n");
    expect(speakerAt(readMail(paste), 2)?.name).toBe("Ada");
    // With nothing between them, nobody answered Ada's words: the turns say nothing.
    expect(speakerAt(readMail([">> The queue drains too late under load.", "", "That races with the timer.", "", "-Ada"].join("\n")), 2)?.known).toBe(false);
  });

  it("reads the turns around an unnamed answerer last: a patch Ada signed at d1 makes it Ada answering herself", () => {
    const paste = ["> On Mon, Ada Okafor wrote:", "> > The queue drains too late.", "> Drain it first.", ">", "> Signed-off-by: Ada Okafor <ada@example.org>", "", "That races with the timer."].join("\n");
    expect(topSpeaker(readMail(paste))?.known).toBe(false);
  });

  it("adds a greeting in the answered text to the turn-taking, and never names someone the writer addresses", () => {
    const turns = ["On Tue, Bo Lindqvist wrote:", "> Hi Ada,", ">", "> On Mon, Ada Okafor wrote:", "> > The queue drains too late.", "> Then drain it earlier.", ""];
    expect(topSpeaker(readMail([...turns, "That races with the timer."].join("\n")))?.name).toBe("Ada Okafor");
    expect(topSpeaker(readMail([...turns, "Ada, that races with the timer."].join("\n")))?.known).toBe(false);
  });

  it("adds a patch quoted two levels down to the turn-taking: its author answers the review of it", () => {
    // Bo greets Cy: more than the turns alone say for Ada, less than the turns with the patch.
    const review = ["On Tue, Bo Lindqvist wrote:", "> Hi Cy,", ">", "> On Mon, Ada Okafor wrote:", "> > Drain the queue before arming the timer.", "> >"];
    const diff = ["> > diff --git a/queue.c b/queue.c", "> > @@ -10,6 +10,7 @@ void arm(void)", "> > +\tdrain();", "> >  \tarm_timer();"];
    const answer = ["> Then drain it under the lock.", "", "The lock is already taken there."];
    expect(topSpeaker(readMail([...review, ...diff, ...answer].join("\n")))?.name).toBe("Ada Okafor");
    expect(topSpeaker(readMail([...review, ...answer].join("\n")))?.name).toBe("Cy");
  });

  it("takes the writer's own Signed-off-by over the turn-taking with a patch below", () => {
    const paste = [
      "On Tue, Bo Lindqvist wrote:",
      "> On Mon, Ada Okafor wrote:",
      "> > diff --git a/queue.c b/queue.c",
      "> > @@ -10,6 +10,7 @@ void arm(void)",
      "> > +\tdrain();",
      "> Then drain it under the lock.",
      "",
      "Reworked as asked: drain under the lock.",
      "",
      "Signed-off-by: Cleo Park <cleo@example.org>",
      "---",
      " queue.c | 2 +-",
    ].join("\n");
    expect(topSpeaker(readMail(paste))?.email).toBe("cleo@example.org");
  });

  it("reads the messages of a chain below the top one as its deeper levels: the greeting and the turn-taking cross them", () => {
    const chain = [
      "Rebooting did not clear it; I will try the patch tonight.",
      "",
      "-----Original Message-----",
      "From: Ada Okafor <ada@example.org>",
      "Sent: Monday, March 2, 2026 10:14",
      "Subject: RE: stuck queue",
      "",
      "Hi Bo,",
      "",
      "Does a reboot clear it? If not, try the patch from last week.",
      "",
      "> -----Original Message-----",
      "> From: Bo Lindqvist <bo@example.org>",
      "> Sent: Monday, March 2, 2026 09:02",
      "> Subject: stuck queue",
      ">",
      "> The queue stays stuck after a day of uptime.",
    ].join("\n");
    expect(topSpeaker(readMail(chain))?.name).toBe("Bo Lindqvist");
  });

  it("names a patch's sender from its last Signed-off-by", () => {
    const paste = ["Frob the widget before the gadget.", "", "Signed-off-by: Pat Quill <pat@example.org>", "Signed-off-by: Ines Varga <ines.varga@example.org>", "---", " widget.c | 2 +-"].join("\n");
    expect(topSpeaker(readMail(paste))?.email).toBe("ines.varga@example.org");
  });
});

describe("the top-level author from an address under a signature's first line", () => {
  it("takes the address on a later line of a `-- ` signature whose first line names no one, not a list footer's", () => {
    const paste = ["> Does the camera work without the driver?", "", "It does: the stream comes up.", "", "-- ", "Be kind to your disks, defragment nothing!", "mailto:ann.ruiz@example.org"].join("\n");
    expect(topSpeaker(readMail(paste))?.email).toBe("ann.ruiz@example.org");
    const footer = ["It does.", "", "-- ", "Be kind to your disks!", "Cam-devel mailing list", "Cam-devel@lists.example.org", "https://lists.example.org/listinfo/cam-devel"].join("\n");
    expect(topSpeaker(readMail(footer))?.email ?? null).toBe(null);
  });
});

describe("an attribution above unquoted text", () => {
  it("leaves text that greets the attributed person to the writer answering them", () => {
    const paste = ["Am 2025-03-03 09:15, schrieb Pat Quill:", "Hi Pat,", "", "the flush now runs before resume.", "", "> Which queue restarts first?", "", "The slow one.", "", "Thanks", "Ines"].join("\n");
    const thread = readMail(paste);
    const top = thread.segments.filter((s) => s.depth === 0 && s.role === "content" && s.text.includes("flush"));
    expect(top.length).toBe(1);
    expect(thread.speakers.find((s) => s.id === top[0]?.speaker)?.name).toBe("Ines");
  });

  it("leaves text that greets the attributed person by a short form of the given name to the writer answering them", () => {
    for (const greeting of ["Hi Valen,", "Hi Val,"]) {
      const paste = ["On Tue, 4 Mar 2025 10:02:11 +0100", "Valentin Quill <vq@example.org> wrote:", "", greeting, "", "> The flush runs after resume.", "", "the flush now runs before resume.", "", "Ines"].join("\n");
      const thread = readMail(paste);
      const top = thread.segments.filter((s) => s.depth === 0 && s.role === "content" && s.text.includes("flush"));
      expect(top.length).toBe(1);
      expect(thread.speakers.find((s) => s.id === top[0]?.speaker)?.name).not.toBe("Valentin Quill");
    }
  });

  it("leaves the reply's opening words between an attribution and the quote it introduced, which opens with an attribution, to the writer answering", () => {
    const paste = [
      "On Tue, 4 Mar 2025 10:02:11 +0100 Pat Quill <pat@example.org> wrote:",
      "",
      "In short: the flush must run before resume.",
      "",
      "> On Mon, 3 Mar 2025 Ines Varga <ines@example.org> wrote:",
      "> > Can the flush run after resume?",
      ">",
      "> Only when the queue is idle.",
      "",
      "It never is when resume runs.",
    ].join("\n");
    const thread = readMail(paste);
    const top = thread.segments.filter((s) => s.depth === 0 && s.role === "content" && s.text.includes("flush"));
    expect(top.length).toBe(1);
    expect(thread.speakers.find((s) => s.id === top[0]?.speaker)?.name).not.toBe("Pat Quill");
    const answer = thread.segments.find((s) => s.depth === 1 && s.text.includes("idle"));
    expect(thread.speakers.find((s) => s.id === answer?.speaker)?.name).toBe("Pat Quill");
  });

  it("reads a greeting and the thanks under it, opening the reply, as the writer's words, not a sign-off", () => {
    for (const greeting of ["Hi Pat,", "Hello all,"]) {
      const paste = [greeting, "", "thanks for the review.", "", "> Which queue restarts first?", "", "The slow one.", "", "Thanks", "Ines"].join("\n");
      const opening = readMail(paste).segments.filter((s) => s.depth === 0 && (s.text.includes(greeting) || s.text.includes("review")));
      expect(opening.map((s) => s.role)).toEqual(["content"]);
    }
  });
});

describe("a patch the writer sends in their own message", () => {
  const patch = (opening: string[]): string =>
    [
      "> The flush races with resume.",
      "",
      "Right, does the patch below fix it for you?",
      "",
      ...opening,
      "From: Mirela Stan <mirela@example.org>",
      "Subject: [PATCH] cache: flush before resume",
      "",
      "Flush the cache before the queue restarts.",
      "",
      "Signed-off-by: Mirela Stan <mirela@example.org>",
      "---",
      " cache.c | 2 +-",
      "-- ",
      "2.39.5",
    ].join("\n");

  it("keeps a patch under scissors in the writer's message, naming them from its sign-off", () => {
    const thread = readMail(patch(["-- >8 --"]));
    expect(topSpeaker(thread)).toMatchObject({ name: "Mirela Stan", email: "mirela@example.org" });
    expect(new Set(thread.segments.map((s) => s.message))).toEqual(new Set([0]));
  });

  it("keeps a patch under git's From line in the writer's message, the line being header", () => {
    const thread = readMail(patch(["From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001"]));
    expect(topSpeaker(thread)?.name).toBe("Mirela Stan");
    expect(thread.segments.some((s) => s.role === "header" && s.text.startsWith("From 0123"))).toBe(true);
  });

  it("leaves a patch under git's From line in a quote to the quoted writer, not to the patch's author", () => {
    const paste = [
      "On Wed, 5 Mar 2025, Tomas Ruud wrote:",
      "> Would this do instead?",
      ">",
      "> From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001",
      "> From: Mirela Stan <mirela@example.org>",
      "> Date: Tue, 4 Mar 2025 10:00:00 +0100",
      "> Subject: [PATCH] cache: flush before resume",
      ">",
      "> Flush the cache before the queue restarts, so no stale page survives.",
      "",
      "That works for me.",
    ].join("\n");
    const thread = readMail(paste);
    const seg = thread.segments.find((s) => s.depth === 1 && s.text.includes("stale page"));
    expect(thread.speakers.find((s) => s.id === seg?.speaker)?.name).toBe("Tomas Ruud");
  });

  it("names the writer from the patch's sign-off once its newlines are lost, the author's name beside its address being no one addressed", () => {
    const paste = [
      "On Tue, 4 Apr 2023 at 10:12, Ola Berg <ola@example.org> wrote:",
      "> Can the cache drop the flag before the queue restarts?",
      "",
      "Done, see the updated commit below.",
      "commit 5d1c0ffee0123456789abcdef0123456789abcd",
      "Author: Mirela Stan <mirela@example.org>",
      "Date: Mon Apr 3 21:33:17 2023 +0200",
      "    cache: drop the flag before resume",
      "    Signed-off-by: Mirela Stan <mirela@example.org>",
    ].join(" ");
    expect(topSpeaker(readMail(paste))?.name).toBe("Mirela Stan");
  });
});


describe("speakers: names spelt by addresses and initials", () => {
  it("names a writer who signed with a short name fully from an address shaped first.last", () => {
    const paste = ["> Does it build now?", "", "It builds.", "", "Bye,", "Ulli", "-- ", "Dipl. Ing. U. Sandvik|mail: ulrike.sandvik@example.org|Room 4"].join("\n");
    expect(topSpeaker(readMail(paste))?.name).toBe("Ulrike Sandvik");
  });

  it("joins a given name with an initial to the one full name it abbreviates, and not when two fit", () => {
    const one = mergeMentions([mention("Tove Quist", null, ""), mention("Tove Q", null, "")]);
    expect(one.speakers.map((s) => s.name)).toEqual(["Tove Quist"]);
    const two = mergeMentions([mention("Tove Quist", null, ""), mention("Tove Qvale", null, ""), mention("Tove Q", null, "")]);
    expect(two.speakers).toHaveLength(3);
  });
});

describe("an attribution over a snip marker", () => {
  it("still introduces the quote under the marker, leaving the top level to the header's author", () => {
    const paste = [
      'From: "Ilse Marquardt" <ilse@example.org>',
      "Date: Fri, 10 Jan 2020 19:53:38 +0100",
      "Subject: Re: slow writes",
      "",
      "On 2020-01-10 17:18, Tomas Vik wrote:",
      "",
      "[skip]",
      "",
      "> That matches what we measured on the old nodes.",
      "",
      "Then the disks are not the bottleneck.",
    ].join("\n");
    const thread = readMail(paste);
    expect(topSpeaker(thread)?.name).toBe("Ilse Marquardt");
    const quoted = thread.segments.find((s) => s.depth === 1 && s.role === "content");
    expect(thread.speakers.find((s) => s.id === quoted?.speaker)?.name).toBe("Tomas Vik");
  });
});

describe("the top-level author from the patch they paste below their words", () => {
  const paste = (header: readonly string[], signer: string): string =>
    [
      "On Thu, 21 May 2020 17:22:50 +0200 Bob Stone <bob@example.org> wrote:",
      "> Use the right helper for the frob.",
      "",
      "Another user of the old helper turned up in the next tree.  I did the",
      "below, but did not try very hard.",
      "",
      ...header,
      "",
      "Use the right helper for the other frob too.",
      "",
      "Cc: Bob Stone <bob@example.org>",
      `Signed-off-by: ${signer}`,
      "---",
      "--- a/frob2.c",
      "+++ b/frob2.c",
      "@@ -1,3 +1,3 @@",
      "-old_helper(x);",
      "+new_helper(x);",
    ].join("\n");
  const patchHeader = ["From: Ann Lee <ann@example.org>", "Subject: frob: use the right helper"];

  it("names the writer from the header and Signed-off-by of the patch right below their text", () => {
    expect(topSpeaker(readMail(paste(patchHeader, "Ann Lee <ann@example.org>")))).toMatchObject({ name: "Ann Lee", email: "ann@example.org" });
  });

  it("names nobody from a forwarded message's header, nor from a patch someone else signed off", () => {
    const forwarded = ["From: Ann Lee <ann@example.org>", "To: Bob Stone <bob@example.org>", "Subject: frob: use the right helper"];
    expect(topSpeaker(readMail(paste(forwarded, "Ann Lee <ann@example.org>")))?.known).toBe(false);
    expect(topSpeaker(readMail(paste(patchHeader, "Cy Dorn <cy@example.org>")))?.known).toBe(false);
  });
});
