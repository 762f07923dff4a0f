import { describe, expect, it } from "vitest";
import { readMail } from "../core/readers/mail/read-mail.js";
import { speakerAt, topSpeaker } from "./support/speaker-at.js";

describe("a quoted writer named by the greeting of the reply answering them", () => {
  it("names the writer the reply greets, even when the paste names them nowhere else", () => {
    const paste = ["Hi Mirela,", "", "> The cache is flushed before the queue restarts.", "", "Then the second flush is redundant.", "", "Thanks"].join("\n");
    expect(speakerAt(readMail(paste), 1)?.name).toBe("Mirela");
  });

  it("reads a greeting whose comma comes before the name, without a blank (`Hi,Mirela`)", () => {
    const paste = ["Hi,Mirela", "", "> The cache is flushed before the queue restarts.", "", "Then the second flush is redundant.", "", "Thanks"].join("\n");
    expect(speakerAt(readMail(paste), 1)?.name).toBe("Mirela");
  });

  it("takes a name called out alone above a blank line for a greeting, and a closing or a sentence for none", () => {
    const answer = (opening: string): string => [opening, "", "> The cache is flushed before the queue restarts.", "", "Then the second flush is redundant.", "", "Thanks"].join("\n");
    expect(speakerAt(readMail(answer("Mirela,")), 1)?.name).toBe("Mirela");
    expect(speakerAt(readMail(answer("Cheers,")), 1)?.known).toBe(false);
    expect(speakerAt(readMail(answer("Mirela, why flush twice?")), 1)?.known).toBe(false);
  });

  it("names nobody from a greeting when the quoted writer's own text addresses that person", () => {
    const paste = ["Hi Mirela,", "", "> Mirela, the cache is flushed before the queue restarts.", "", "Then the second flush is redundant."].join("\n");
    expect(speakerAt(readMail(paste), 1)?.known).toBe(false);
  });

  it("takes the greeted person over the turns around a reviewed patch when the paste names them", () => {
    const paste = [
      "On Mon, 3 Mar 2025, Bo Lindqvist wrote:",
      "> Hi Ada,",
      ">",
      ">> On Sun, 2 Mar 2025, Ada Okafor wrote:",
      ">>> On Sat, 1 Mar 2025, Bo Lindqvist wrote:",
      ">>>> diff --git a/frob.c b/frob.c",
      ">>>> @@ -1,3 +1,4 @@",
      ">>>>  void frob(struct queue *q) {",
      ">>>> +\tflush(q);",
      ">>>",
      ">>> Should the flush not wait for the queue to drain?",
      ">>",
      ">> Thinking again, take the lock around the flush as well.",
      ">",
      "> The lock is taken by the caller already.",
      "",
      "Good, then it is fine as it is.",
    ].join("\n");
    const thread = readMail(paste);
    // Ada answers her own review here: the turns alone would have named Bo, whose patch she reviewed.
    expect(speakerAt(thread, 2)?.name).toBe("Ada Okafor");
  });
});

describe("names found by the evidence, read as evidence for the levels around them", () => {
  it("names the top level from the turns once a greeting has named the level it answered", () => {
    const paste = [
      "On Wed, 5 Mar 2025, Rolf Anders wrote:",
      "> Hi Mira,",
      ">",
      ">> On Tue, 4 Mar 2025, Mira Kovac wrote:",
      ">>> On Mon, 3 Mar 2025, Rolf Anders wrote:",
      ">>>> The timer fires twice after a resume.",
      ">>>",
      ">>> Which kernel is that on?",
      ">>",
      ">> Also, does it happen without the module loaded?",
      ">",
      "> Only with it loaded, on 6.1.",
      "",
      "Then the module's resume hook is the place to look.",
    ].join("\n");
    const thread = readMail(paste);
    // `Hi Mira,` names the level Rolf answered; Mira at that level then makes the top level her second turn.
    expect(speakerAt(thread, 2)?.name).toBe("Mira Kovac");
    expect(speakerAt(thread, 0)?.name).toBe("Mira Kovac");
  });
});

describe("one person mentioned twice at one depth", () => {
  it("reads an attribution and a forwarded header naming the same person as one writer", () => {
    const paste = [
      "The counters are below, the leak is still there.",
      "",
      "-----Original Message-----",
      "From: Tomas Berg <tomas@example.org>",
      "Sent: Friday, May 9, 2025 08:17",
      "",
      "Hi Ines,",
      "",
      "Which counters grow while the sends fail?",
      "",
      "regards",
      "Tomas",
      "",
      "On 2025-05-08 22:08, Ines Halvorsen wrote:",
      "> The sends fail again after a day of uptime.",
      ">",
      "> -----Original Message-----",
      "> From: Ines Halvorsen <ines@example.net>",
      "> Sent: Thursday, May 8, 2025 14:53",
      ">",
      "> I will look for leaks next time it happens.",
    ].join("\n");
    // Tomas greets Ines and answers her: the text above his message is hers, though she is mentioned twice.
    expect(speakerAt(readMail(paste), 0)?.name).toBe("Ines Halvorsen");
  });
});

describe("a quoted patch under a review its author answered with a new version", () => {
  const paste = (top: string[]): string =>
    [
      "On Tue, 4 Mar 2025, Karl Weiss wrote:",
      "> > diff --git a/frob.c b/frob.c",
      "> > @@ -1,3 +1,4 @@",
      "> >  void frob(struct queue *q) {",
      "> > +\tflush(q);",
      ">",
      "> The flush needs the queue lock.",
      "",
      ...top,
    ].join("\n");

  it("gives the patch to the one sending the next version", () => {
    const next = ["Taken in the caller now:", "", "diff --git a/frob.c b/frob.c", "@@ -1,3 +1,5 @@", " void frob(struct queue *q) {", "+\tlock(q);", "+\tflush(q);", "", "Signed-off-by: Pia Lund <pia@example.org>"];
    expect(speakerAt(readMail(paste(next)), 2)?.name).toBe("Pia Lund");
  });

  it("reads a quoted list of changes between versions as the patch", () => {
    const cover = ["On Tue, 4 Mar 2025, Karl Weiss wrote:", "> > Changes since v1:", "> >  - flush the queue on resume", ">", "> The flush needs the queue lock.", "", "Taken in the caller now.", "", "Signed-off-by: Pia Lund <pia@example.org>"];
    expect(speakerAt(readMail(cover.join("\n")), 2)?.name).toBe("Pia Lund");
  });

  it("weighs the next version above the turns alone: against a greeting, the turns lose and the patch ties", () => {
    const agreed = ["Agreed, the caller should take it.", "", "Pia"];
    const next = ["Taken in the caller now:", "", "diff --git a/frob.c b/frob.c", "@@ -1,3 +1,5 @@", "+\tlock(q);", "", "Signed-off-by: Pia Lund <pia@example.org>"];
    // Pia answers Karl, who answered the patch: by the turns alone, the patch is hers.
    expect(speakerAt(readMail(paste(agreed)), 2)?.name).toBe("Pia");
    // Karl greeting Ola says the patch is Ola's, more than the turns say it is Pia's ...
    const greeted = (top: string[]): string => paste(top).replace("> The flush", "> Hi Ola,\n>\n> The flush");
    expect(speakerAt(readMail(greeted(agreed)), 2)?.name).toBe("Ola");
    // ... and as much as the turns and Pia's next version of it together: nobody.
    expect(speakerAt(readMail(greeted(next)), 2)?.known).toBe(false);
  });
});

describe("the turns against a writer's own words", () => {
  it("names no one from the turns when the top level speaks of the one quoted twice by a possessive", () => {
    const paste = [
      // Mutt's attributions, which many write with: their shape tells nobody apart.
      "On Tue, Mar 04, 2025 at 10:12:30AM +0100, Rolf Anders wrote:",
      "> On Mon, Mar 03, 2025 at 09:41:02PM +0100, Mira Kovac wrote:",
      ">> The timer fires twice after a resume.",
      ">",
      "> Which kernel is that on?",
      "",
      "Mira's trace shows the second firing comes from the watchdog.",
    ].join("\n");
    expect(speakerAt(readMail(paste), 0)?.known).toBe(false);
    // Without the possessive the turns stand: Mira answers Rolf's question.
    expect(speakerAt(readMail(paste.replace("Mira's trace", "The trace")), 0)?.name).toBe("Mira Kovac");
  });
});

describe("a quoted writer named by a greeting of several people or a name called out in a line", () => {
  const answer = (opening: string): string =>
    [opening, "", "> The cache is flushed before the queue restarts.", ">", ">> On Sun, 2 Mar 2025, Bo Lindqvist wrote:", ">>> Why flush at all?", ">>", ">> Because the queue holds stale pages.", "", "Then the second flush is redundant."].join("\n");

  it("of two greeted people, names the one no other level's writer answers to", () => {
    expect(speakerAt(readMail(answer("Hi Mirela and Bo,")), 1)?.name).toBe("Mirela");
    expect(speakerAt(readMail(answer("Hi Mirela and Ines,")), 1)?.known).toBe(false);
  });

  it("takes a name called out opening a line only when the paste names that person elsewhere", () => {
    expect(speakerAt(readMail(answer("Sure Bo, the flush can go.")), 1)?.name).toBe("Bo Lindqvist");
    expect(speakerAt(readMail(answer("Sure Mirela, the flush can go.")), 1)?.known).toBe(false);
  });
});

describe("an unnamed quoted passage that a named writer's quote holds again", () => {
  // A reply answering one paragraph at the top, the whole message kept under its attribution below.
  const paste = (below: string): string =>
    [
      "Thanks for the quick answer.",
      "",
      "> The second flush only matters when the queue was paused by the watchdog first.",
      "",
      "Then I will keep it and add a comment.",
      "",
      "On Mon, 3 Mar 2025, Bo Lindqvist <bo@example.org> wrote:",
      "> Hi Ada,",
      ">",
      `> ${below}`,
      ">",
      "> Bo",
    ].join("\n");
  const topQuote = (text: string) => {
    const thread = readMail(paste(text));
    const first = thread.segments.find((s) => s.depth === 1 && s.text.includes("watchdog"));
    return thread.speakers.find((s) => s.id === first?.speaker);
  };

  it("gives the passage to the writer whose quoted text holds the same words", () => {
    expect(topQuote("The second flush only matters when the queue was paused by the watchdog first.")?.name).toBe("Bo Lindqvist");
  });

  it("leaves it unknown when no named writer's text holds its opening words", () => {
    expect(topQuote("A second flush matters only once the queue was paused by the watchdog first.")?.known).toBe(false);
  });
});

describe("repeated quoted words read across line breaks", () => {
  // The named writer's copy is wrapped differently and the words start mid-line: they are read as one
  // stream per passage (and kept no longer than a window of them), not line by line.
  const paste = [
    "Agreed on the timer.",
    "",
    "> Moving the reset under the lock",
    ">",
    "> keeps the counter from racing with the probe path.",
    "",
    "Will resend.",
    "",
    "On Tue, 4 Mar 2025, Ines Moreau <ines@example.org> wrote:",
    "> I looked again. Moving the reset under the lock keeps",
    "> the counter from racing with the probe path.",
    ">",
    "> Ines",
  ].join("\n");

  it("names every line of the passage, past its blank line, after the writer whose text holds it", () => {
    const thread = readMail(paste);
    const quoted = thread.segments.filter((s) => s.depth === 1 && (s.text.startsWith("Moving") || s.text.startsWith("keeps the counter")));
    expect(quoted.length).toBeGreaterThan(0);
    const names = quoted.map((s) => thread.speakers.find((p) => p.id === s.speaker)?.name);
    expect(names.every((n) => n === "Ines Moreau")).toBe(true);
  });
});

describe("repeated quoted words in any script, and one passage quoted many times", () => {
  it("matches words with accents and capitals the same way as plain ASCII ones", () => {
    const paste = [
      "D'accord.",
      "",
      "> Le délai de RÉESSAI dépend du pilote, pas de la file d'attente générale.",
      "",
      "Je corrige.",
      "",
      "Le lun. 3 mars 2025, Zoé Marchand <zoe@example.org> a écrit :",
      "> Le délai de réessai dépend du pilote, pas de la file d'attente générale.",
    ].join("\n");
    const thread = readMail(paste);
    const quoted = thread.segments.find((s) => s.depth === 1 && s.text.includes("pilote"));
    expect(thread.speakers.find((p) => p.id === quoted?.speaker)?.name).toBe("Zoé Marchand");
  });

  it("gives every copy of a passage quoted many times to the one writer who holds it", () => {
    const copy = ["> The retry delay depends on the driver and not on the shared queue at all.", "", "Noted.", ""];
    const paste = [
      ...Array.from({ length: 40 }, () => copy).flat(),
      "On Wed, 5 Mar 2025, Ines Moreau <ines@example.org> wrote:",
      "> The retry delay depends on the driver and not on the shared queue at all.",
    ].join("\n");
    const thread = readMail(paste);
    const copies = thread.segments.filter((s) => s.depth === 1 && s.text.includes("retry delay"));
    expect(copies.length).toBe(41);
    expect(copies.every((s) => thread.speakers.find((p) => p.id === s.speaker)?.name === "Ines Moreau")).toBe(true);
  });
});

describe("the turns at the top with the attribution shapes agreeing", () => {
  const paste = (deeper: string): string =>
    [
      "On Tue, Mar 4, 2025 at 10:12:03AM +0100, Lena Vogt wrote:",
      "> On 3/3/25 17:40, Piet Haas wrote:",
      `>> ${deeper}`,
      ">>> The timer fires twice after a resume.",
      ">>",
      ">> Which kernel is that on?",
      ">",
      "",
      "Never mind the kernel, it happens on the old one as well.",
    ].join("\n");

  it("names the top writer d+2's writer when d+1 left no words and their attributions have one shape", () => {
    expect(speakerAt(readMail(paste("On Mon, Mar 3, 2025 at 09:01:44AM +0100, Lena Vogt wrote:")), 0)?.name).toBe("Piet Haas");
  });

  it("names nobody when the two attributions have different shapes", () => {
    expect(speakerAt(readMail(paste("Lena Vogt <lena@example.org> writes:")), 0)?.known).toBe(false);
  });
});

describe("a report asking to be credited with a Reported-by tag", () => {
  const report = (tagLine: string, after: string): string =>
    [
      "Hi Vera,",
      "",
      "Thank you for the patch! Yet it breaks the build:",
      "",
      "base:   git://git.example.org/pub/scm/nightly/frob.git for-next",
      "config: frob-defconfig",
      "",
      "If this gets fixed, please add the following tag",
      tagLine,
      after,
      "",
      "All errors (new ones prefixed by >>):",
      "",
      "   drivers/frob/frob.c:12:3: error: implicit declaration of 'flush_queue'",
    ].join("\n");

  it("names the writer from a Reported-by line standing alone under the request for it, with its newlines and without", () => {
    const text = report("Reported-by: nightly build bot <builds@example.org>", "");
    expect(speakerAt(readMail(text), 0)?.name).toBe("nightly build bot");
    // Flattened, the lowercase `nightly` of the base URL runs into the writer's text: no name they address.
    expect(speakerAt(readMail(text.split(/\s+/u).join(" ")), 0)?.name).toBe("nightly build bot");
  });

  it("names the writer from the tags it asks for set off with a bar, as the robot's newer reports write them", () => {
    const text = report("| Reported-by: nightly build bot <builds@example.org>", "| Closes: https://reports.example.org/r/20260102.abc@example.org/");
    expect(speakerAt(readMail(text), 0)?.name).toBe("nightly build bot");
  });

  it("names nobody from a Reported-by pasted under a blank line after the writer's last words", () => {
    const answer = [
      "On Wed, 19 Jun 2026 at 12:49, Bo Lindqvist <bo@example.com> wrote:",
      "> +out_free_2:",
      ">        kmem_cache_free(net_cachep, net);",
      "",
      "needs",
      "",
      "            net = NULL;",
      "",
      "to signal failure",
      "",
      "Reported-by: syzbot <syzkaller@example.com>",
      "",
      "BUG: KASAN: use-after-free in frob_start",
    ].join("\n");
    expect(speakerAt(readMail(answer), 0)?.known).toBe(false);
  });

  it("names nobody from a Reported-by among other trailers: the reporter of a patch's bug, not its writer", () => {
    const thread = readMail(report("Reported-by: Ivo Brandt <ivo@example.org>", "Signed-off-by: Vera Lind <vera@example.org>"));
    expect(speakerAt(thread, 0)?.name).not.toBe("Ivo Brandt");
  });
});

describe("a field cited in quotation marks in a writer's own text", () => {
  // The citation on a line of its own, or run on from the sentence before as in a flattened paste.
  const closings = {
    "on a line of its own": ["With my name in the trailers, someone may ask whether it should say", '"From: Tilde ..." at the top: no, this is Bo\'s patch.'],
    "run on from the sentence before": ['With my name in the trailers, someone may ask whether it should say "From: Tilde ..." at the top: no, this is Bo\'s patch.'],
  };
  it.each(Object.entries(closings))("is no name the writer addresses (%s): their own review trailer still names them", (_, closing) => {
    const paste = ["> Fold the two flushes into one.", ">", "> Signed-off-by: Bo Ekberg <bo@example.org>", "", "Fine by me.", "Acked-by: Tilde Marsh <tilde@example.org>", ...closing].join("\n");
    expect(speakerAt(readMail(paste), 0)?.name).toBe("Tilde Marsh");
  });
});

describe("the turns past a writer following up on their own message", () => {
  it("names the top level after the one quoted under the follow-up, not the follower-up", () => {
    const paste = [
      "On 3/6/25 9:10 AM, Rolf Anders wrote:",
      ">",
      "> On Thu, 6 Mar 2025 at 08:55, Rolf Anders <rolf@example.org> wrote:",
      "> >",
      "> > On Wed, 5 Mar 2025 at 17:20, Mira Kovac <mira@example.org> wrote:",
      "> > >",
      "> > > The timer fires twice after a resume.",
      "> >",
      "> > Which kernel is that on?",
      ">",
      "> And does it happen without the module loaded?",
      "",
      "Only with it loaded, on 6.1.",
    ].join("\n");
    const thread = readMail(paste);
    expect(speakerAt(thread, 2)?.name).toBe("Rolf Anders");
    expect(speakerAt(thread, 3)?.name).toBe("Mira Kovac");
    expect(speakerAt(thread, 0)?.name).toBe("Mira Kovac");
  });
});

describe("the one the text a writer answers calls out with an at sign", () => {
  const paste = (asked: string): string =>
    ["On Mon, 3 Mar 2025, Bo Lindqvist <bo@example.org> wrote:", "> The queue is drained before the flush.", ">", `> ${asked}`, "", "Flush first; the drain waits on it anyway."].join("\n");

  it("names the writer the answered text calls out, as a greeting opening it would", () => {
    expect(topSpeaker(readMail(paste("@Ada, any guidance on the ordering here?")))?.name).toBe("Ada");
  });

  it("names nobody when it calls out two people, or only holds an address", () => {
    expect(topSpeaker(readMail(paste("@Ada, @Olof: any guidance on the ordering here?")))?.known).toBe(false);
    expect(topSpeaker(readMail(paste("Ask ada@Example.org about the ordering.")))?.known).toBe(false);
  });
});
