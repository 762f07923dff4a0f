import { describe, expect, it } from "vitest";
import { readMail } from "../core/readers/mail/read-mail.js";
import type { Thread } from "../core/thread/model.js";
import { topSpeaker } from "./support/speaker-at.js";

/* Sign-offs and signature lines: which name the writer of the text above them, and which name nobody. */

describe("sign-offs in shapes beyond the known closing phrases", () => {
  const reply = (signOff: string[]): string => ["> Does it build now?", "", "It builds, and the tests pass.", "", ...signOff].join("\n");

  it("reads a name under a closing in the closing's shape (`ATB,`)", () => {
    const thread = readMail(reply(["ATB,", "Ramona Quist"]));
    expect(topSpeaker(thread)?.name).toBe("Ramona Quist");
    expect(thread.segments.some((s) => s.role === "signature" && s.text.includes("ATB"))).toBe(true);
  });

  it("names the writer by a sign-off under a closing, though a lone word later in their text reads like a name", () => {
    // Thanks and the name up top, comments inline below: `Built-in` alone after a sentence is no second signer.
    const text = [
      "On Fri, 4 Mar 2022 10:00:00 +0800 Orla Vantry <orla@example.org> wrote:",
      "> Add a binding for the reference voltage.",
      "",
      "Hi Orla,",
      "",
      "A few comments inline.",
      "",
      "Thanks,",
      "Tobiah",
      "",
      "> The ADC can use an internal or an external reference.",
      "",
      "Please say which one is the default.",
      "",
      "Built-in",
      "",
      "> Two engines of eight channels each.",
      "",
      "Looks fine.",
    ].join("\n");
    expect(topSpeaker(readMail(text))?.name).toBe("Tobiah");
    // Two closings naming two people stay unknown: two people's text.
    const two = text.replace("Built-in", "Regards,\nMaddox");
    expect(topSpeaker(readMail(two))?.known).toBe(false);
  });

  it("reads a dashed name ending in an initial (`- Dan Q.`)", () => {
    expect(topSpeaker(readMail(reply(["  - Tove Q."])))?.name).toBe("Tove Q");
  });

  it("reads the name under a closing that opens the signature", () => {
    expect(topSpeaker(readMail(reply(["-- ", "Cheers,", "Tovald"])))?.name).toBe("Tovald");
  });

  it("reads the name under `Bye,` or two closings joined by a slash (`Regards/Gruss,`), in the signature", () => {
    expect(topSpeaker(readMail(reply(["-- ", "Bye, Tovald Marsk"])))?.name).toBe("Tovald Marsk");
    expect(topSpeaker(readMail(reply(["Thx.", "", "-- ", "Regards/Gruss,", "    Tovald", "", "https://example.org/notes"])))?.name).toBe("Tovald");
  });

  it("reads the name before a company after a comma on the signature's first line (`Name Surname, Company`)", () => {
    expect(topSpeaker(readMail(reply(["-- ", "Ramona Quist, Quistworks", "ramona@quistworks.example"])))?.name).toBe("Ramona Quist");
  });

  it("reads the name from the first column of a signature line laid out in columns", () => {
    expect(topSpeaker(readMail(reply(["-- ", "Ramona Quist\t\t\tQuistworks", "ramona@quistworks.example"])))?.name).toBe("Ramona Quist");
    expect(topSpeaker(readMail(reply(["-- ", "Ramona Quist      Quistworks"])))?.name).toBe("Ramona Quist");
  });

  it("reads the name under a signature's closing with a link run on after it, once the newlines are lost", () => {
    const flat = [
      "On Mon, Jan 3, 2022 at 10:00:00AM +0100, Ramona Quist wrote: > I think the extra checks are overkill and add nothing",
      "> for the callers. > Many callers cannot fail here. See the warning in the register path - it already prints.",
      "Bottom line is: what we have now needs cleaning up. Thx. -- Regards/Gruss, Tovald. https://example.org/notes",
    ].join(" ");
    expect(topSpeaker(readMail(flat))?.name.replace(/\.$/u, "")).toBe("Tovald");
  });

  it("reads no name from a link's label opening the signature (`(english) http://…`)", () => {
    expect(topSpeaker(readMail(reply(["Tovald", "", "-- ", "(english) http://www.example.org/~tovald", "(cesky) http://example.org/blog.html"])))?.name).toBe("Tovald");
  });

  it("keeps the sign-off's given name for a writer whose signature opens with a title", () => {
    const thread = readMail(reply(["Cheers,", "Ramona", "", "-- ", "Dr. Ramona Quist       Storage Architect", "ramona@quistworks.example"]));
    expect(topSpeaker(thread)?.aliases).toContain("Ramona");
  });
});

describe("sign-offs the writer's own words go on after", () => {
  const reply = (rest: string[]): string => ["> Should the cache be flushed on resume?", "", "Yes, before the queue restarts. Otherwise stale pages come back.", "", ...rest].join("\n");

  it("takes a lone name followed by footnotes", () => {
    const thread = readMail(reply(["Torvald", "", "Footnotes:", "", "[1] the flush path predates the queue, see the old notes."]));
    expect(topSpeaker(thread)?.name).toBe("Torvald");
    expect(thread.segments.some((s) => s.role === "signature" && s.text === "Torvald")).toBe(true);
  });

  it("takes a closing and a name followed by a postscript", () => {
    expect(topSpeaker(readMail(reply(["Regards,", "Mirela", "", "PS: the old notes are wrong about this, by the way."])))?.name).toBe("Mirela");
  });

  it("takes a closing and a name followed by a postscript once the newlines are lost, after a sentence ending on a number", () => {
    const paste = [
      "> Should the cache be flushed on resume?",
      "Yes, even when the count of dirty pages is 0.",
      "Regards,",
      "Mirela",
      "PS: The old notes are wrong about this, by the way.",
    ].join(" ");
    expect(topSpeaker(readMail(paste))?.name).toBe("Mirela");
  });

  it("takes a lone name followed by a patch", () => {
    expect(topSpeaker(readMail(reply(["Aurelio", "", "---", " cache.c | 2 +-", " 1 file changed"])))?.name).toBe("Aurelio");
  });

  it("takes a lowercase name signing alone under a finished sentence", () => {
    expect(topSpeaker(readMail(reply(["ingrid"])))?.name).toBe("ingrid");
    expect(topSpeaker(readMail(reply(["ingrid", "", "src/cache.c: flush_pages line 12", "src/queue.c: restart line 40"])))?.name).toBe("ingrid");
  });

  it("names nobody from a lone word that goes on into a sentence or introduces code", () => {
    expect(topSpeaker(readMail(reply(["Perhaps", "", "The resume hook could do it instead, though."])))?.known).toBe(false);
    expect(topSpeaker(readMail(reply(["Perhaps", "", "    flush_pages(cache);"])))?.known).toBe(false);
  });

  it("names nobody from a name opening a paragraph that addresses them", () => {
    expect(topSpeaker(readMail(reply(["Mirela,", "", "the old notes are wrong about this."])))?.known).toBe(false);
  });
});

describe("sign-offs in clients' and people's own shapes", () => {
  const reply = (rest: string[]): string => ["> Should the cache be flushed on resume?", "", "Yes, before the queue restarts.", "", ...rest].join("\n");
  const named = (rest: string[]): string | undefined => {
    const top = topSpeaker(readMail(reply(rest)));
    return top?.known === true ? top.name : undefined;
  };

  it("reads a name led by slashes, alone or after a closing", () => {
    expect(named(["/Mirela"])).toBe("Mirela");
    expect(named(["Cheers", "///ola"])).toBe("ola");
    expect(named(["BR/Mirela"])).toBe("Mirela");
  });

  it("reads the name under closings of several words, known or in a closing's shape", () => {
    expect(named(["Thanks & Regards,", "Mirela Stan"])).toBe("Mirela Stan");
    expect(named(["-- ", "With respect,", "Aurelio"])).toBe("Aurelio");
    expect(named(["peace & quiet,", "ingrid"])).toBe("ingrid");
  });

  it("reads a name led by an en or em dash as one led by a hyphen", () => {
    for (const dash of ["—", "–"]) expect(topSpeaker(readMail(["> Does it build?", "", "It builds now.", "", `${dash} Ines`].join("\n")))?.name).toBe("Ines");
  });

  it("reads a dash-led initial or short handle signing with a full stop", () => {
    // Right under the writer's last sentence, as J. Bruce Fields signs: the stop ends no sentence.
    const under = (sign: string): string | undefined => {
      const top = topSpeaker(readMail(["> Should the cache be flushed on resume?", "", "Yes, before the queue restarts.", sign].join("\n")));
      return top?.known === true ? top.name : undefined;
    };
    expect(under("--b.")).toBe("b");
    expect(under("-jgg.")).toBe("jgg");
  });

  it("reads a name under a dash of a client's own style", () => {
    expect(named(["— ", "Aurelio"])).toBe("Aurelio");
  });

  it("reads a name above or beside a call sign, leaving the call sign out", () => {
    expect(named(["Aurelio", "ik2xyz"])).toBe("Aurelio");
    expect(named(["73,", "  - Aurelio  ik2xyz"])).toBe("Aurelio");
  });

  it("reads a name above a list footer that opens with a bare `--`", () => {
    expect(named(["Aurelio", "--", "Frobnicator-devel mailing list", "https://lists.example.org/listinfo/frobnicator-devel"])).toBe("Aurelio");
  });

  it("names nobody when one writer's text is signed by two different people", () => {
    const paste = ["Yes, updated.", "", "BR/Mirela", "", "> Is it updated?", "", "Looks fine now.", "", "///ola"].join("\n");
    expect(topSpeaker(readMail(paste))?.known).toBe(false);
  });

  it("reads the name under a line thanking for something, a closing in its own words", () => {
    expect(named(["Thanks for looking into it,", "Aurelio"])).toBe("Aurelio");
    expect(named(["Thank you for your patience,", "Mirela Stan"])).toBe("Mirela Stan");
  });

  it("names a quoted writer known only by a shortened address from their sign-off", () => {
    const paste = ["Sure, will do.", "", "On Mon, 3 Mar 2025 at 9:15 AM mir...@example.org wrote:", "> Could you retest with the flush moved?", ">", "> Thanks for trying it out,", "> Mirela"].join("\n");
    const thread = readMail(paste);
    const quoted = thread.segments.find((s) => s.depth === 1 && s.role === "content");
    expect(thread.speakers.find((s) => s.id === quoted?.speaker)?.name).toBe("Mirela");
  });

  it("reads no name from a review verdict after a closing", () => {
    expect(named(["Thanks, LGTM."])).toBeUndefined();
    expect(named(["Thanks, WFM"])).toBeUndefined();
  });

  it("names a quoted writer whose attribution was cut after the person the reply greets, when the paste names them", () => {
    const paste = [
      "Hi Tomas,",
      "",
      ">>> On 3/2/26 10:00 AM, Tomas Brekke wrote:",
      ">>>> The cache is flushed before the queue restarts.",
      ">>>",
      ">>> Only on resume, though?",
      ">",
      "> No, on every restart, as the log shows.",
      "",
      "Then the second flush is redundant.",
      "",
      "Ines",
    ].join("\n");
    const thread = readMail(paste);
    const quoted = thread.segments.find((s) => s.depth === 1 && s.role === "content");
    expect(thread.speakers.find((s) => s.id === quoted?.speaker)?.name).toBe("Tomas Brekke");
  });

  it("reads no sign-off from a first line thanking someone", () => {
    const paste = ["Thanks Aurelio", "", "> Flush before the queue restarts.", "", "Done that way, see the new version.", "", "Mirela"].join("\n");
    expect(topSpeaker(readMail(paste))?.name).toBe("Mirela");
  });
});

describe("signature lines that name nobody", () => {
  const reply = (rest: string[]): string => ["> Should the cache be flushed on resume?", "", "Yes, before the queue restarts.", "", ...rest].join("\n");
  const top = (rest: string[]): { name: string; known: boolean } | undefined => topSpeaker(readMail(reply(rest)));

  it("reads no name from a closing alone, even with a period", () => {
    expect(top(["Thx."])?.known).toBe(false);
  });

  it("reads no name from code, a possessive or an address line under the delimiter", () => {
    expect(top(["-- ", "NULL && (void)"])?.known).toBe(false);
    expect(top(["-- ", "Bob's Patch tracker: https://example.org/patches/"])?.known).toBe(false);
    expect(top(["-- ", "Kensington W8", "UK"])?.known).toBe(false);
  });

  it("prefers the signed name to a company opening an address line under the delimiter", () => {
    expect(top(["Thanks,", "", "Mirela", "", "-- ", "Acme Widgets Europe GmbH, Hauptstrasse 12, 12345 Musterstadt"])?.name).toBe("Mirela");
  });

  it("reads no name from a one-word report of what was done", () => {
    expect(top(["Removed"])?.known).toBe(false);
  });
});

describe("the top-level author from a sign-off naming someone the paste names", () => {
  const thread = (last: string[]): Thread =>
    readMail(
      [
        "On Tue, Oskar Brandt <oskar@example.org> wrote:",
        "> On Mon, Lena Fiedler <lena@example.net> wrote:",
        "> > On Sun, Berta Holm <berta@example.net> wrote:",
        "> > > The timer fires twice.",
        "> > Can the timer move out of the lock?",
        "> Only if the queue is drained first.",
        "",
        "Then drain it in the worker instead.",
        "",
        ...last,
      ].join("\n"),
    );
  // The turns alone name Lena (Oskar answered her): a sign-off read as Berta's outweighs them.

  it("takes a lowercase name under slashes when it is the given name of a writer named elsewhere", () => {
    expect(topSpeaker(thread(["Regards", "///berta"]))?.name).toBe("Berta Holm");
  });

  it("takes a dash-led name followed by a handle", () => {
    expect(topSpeaker(thread(["- Berta xq7zz"]))?.name).toBe("Berta Holm");
  });

  it("takes a name behind a closing word no closing pattern knows, on one line", () => {
    expect(topSpeaker(thread(["Onward, Berta"]))?.name).toBe("Berta Holm");
  });

  it("reads no sign-off in a lowercase last word that a colon announces", () => {
    expect(topSpeaker(thread(["Run it with:", "berta"]))?.name).toBe("Lena Fiedler");
  });

  it("names nobody from a last line that runs on from the sentence above it", () => {
    const paste = ["On Mon, Lena Fiedler <lena@example.net> wrote:", "> Can the timer move out of the lock?", "", "I asked the same of", "lena"].join("\n");
    expect(topSpeaker(readMail(paste))?.known).toBe(false);
  });
});

describe("a short sign-off for someone the paste names in full", () => {
  const paste = (own: string[], signOff: string): string =>
    [
      "On Tue, Oskar Brandt <oskar@example.org> wrote:",
      "> On Mon, Berta Holm <bholm@example.net> wrote:",
      "> > The timer fires twice.",
      "> Can the timer move out of the lock?",
      "",
      ...own,
      "",
      signOff,
    ].join("\n");
  const author = (own: string[], signOff: string): string | undefined => topSpeaker(readMail(paste(own, signOff)))?.name;

  it("joins the one person whose given name's first letter, initials or mistyped given name it is", () => {
    expect(author(["Only once the queue is drained."], "--B")).toBe("Berta Holm");
    expect(author(["Only once the queue is drained."], "Thanks, BH")).toBe("Berta Holm");
    expect(author(["Only once the queue is drained."], "Berda")).toBe("Berta Holm");
  });

  it("joins nobody when two people named fit it and the turns point at neither", () => {
    const two = paste(["Only once the queue is drained."], "--B").replace("Oskar Brandt <oskar@example.org>", "Bruno Salt <bruno@example.org>");
    // The turns: the one quoted two levels down, whom the level between answered, is the writer again.
    expect(topSpeaker(readMail(two))?.name).toBe("Berta Holm");
    const third = two.replace("> > The timer fires twice.", "> > On Sun, Ida Varga <ida@example.com> wrote:\n> > > Why twice?\n> > Because of the retry.");
    expect(topSpeaker(readMail(third.replace("--B", "--K").replace("Ida Varga", "Karl Vale").replace("Bruno Salt", "Kurt Salt")))?.name).toBe("K");
  });

  it("takes the writer's name from a review trailer in their own text that the sign-off is short for", () => {
    const own = ["Looks right to me.", "Reviewed-by: Ida Varga <ida.varga@example.com>"];
    expect(author(own, "--I")).toBe("Ida Varga");
    // A word of the trailer's address.
    expect(author(["Looks right to me.", "Acked-by: Ilona Varga <ida.varga@example.com>"], "Thanks, Ida.")).toBe("Ilona Varga");
    // A trailer for someone the sign-off is not short for names nobody new.
    expect(author(own, "--K")).toBe("K");
  });

  it("takes the writer's name from the Signed-off-by of the patch they send that the sign-off is short for", () => {
    const own = ["Fixed as you asked.", "", "Signed-off-by: Ferdinand Orr <ferdinand@example.com>"];
    expect(author(own, "Cheers,\nFerdy")).toBe("Ferdinand Orr");
    expect(author(own, "Cheers,\nKarel")).toBe("Karel");
  });

  it("takes the turns between two people the sign-off fits: the one quoted two levels down", () => {
    const two = [
      "On Tue, Bert Hale <bert.hale@example.org> wrote:",
      "> On Mon, Bert Holm <bholm@example.net> wrote:",
      "> > The timer fires twice.",
      "> Can the timer move out of the lock?",
      "",
      "Only once the queue is drained.",
      "",
      "- Bert H.",
    ].join("\n");
    expect(topSpeaker(readMail(two))?.name).toBe("Bert Holm");
  });

  it("joins the one quoted two levels down to a nickname made of their name's or address's letters in order", () => {
    expect(author(["Only once the queue is drained."], "Thanks,\nBeho")).toBe("Berta Holm");
    expect(author(["Only once the queue is drained."], "Thanks,\nbthm")).toBe("Berta Holm");
    // A name of its own, not spelt from theirs.
    expect(author(["Only once the queue is drained."], "Thanks,\nBirgit")).toBe("Birgit");
    expect(author(["Only once the queue is drained."], "Thanks,\nMaja")).toBe("Maja");
    const unnamed = paste(["Only once the queue is drained."], "Thanks,\nBhol").replace("Berta Holm <bholm@example.net>", "bholm@example.net");
    expect(topSpeaker(readMail(unnamed))?.email).toBe("bholm@example.net");
  });

  it("joins the one quoted two levels down to their name misspelt: a letter added, dropped, changed or two swapped", () => {
    expect(author(["Only once the queue is drained."], "Thanks,\nBreta Holm")).toBe("Berta Holm");
    expect(author(["Only once the queue is drained."], "Thanks,\nBertta Holm")).toBe("Berta Holm");
    expect(author(["Only once the queue is drained."], "Thanks,\nBerta Holt")).toBe("Berta Holt");
    expect(author(["Only once the queue is drained."], "Thanks,\nBrtea Holm")).toBe("Brtea Holm");
  });

  it("joins them by the last word of a name written family name first, as they sign their given name", () => {
    const familyFirst = (signOff: string): string => paste(["Only once the queue is drained."], signOff).replace("Berta Holm <bholm@example.net>", "Holm Berta");
    expect(topSpeaker(readMail(familyFirst("Thanks,\nBerta")))?.name).toBe("Holm Berta");
  });

  it("still joins them once the paste's newlines are lost", () => {
    const flat = paste(["Only once the queue is drained, and then it is fine to move it out of the lock as you asked."], "--B").replace(/\n+/gu, " ");
    expect(topSpeaker(readMail(flat))?.name).toBe("Berta Holm");
  });
});

describe("a sign-off that is the local part of the address the writer's patch signed off with", () => {
  const paste = (signedOff: string): string =>
    [
      "On Fri, Mar 13, 2020 at 11:21:02AM -0400, Eve Marsh wrote:",
      "> On Fri, Mar 13, 2020 at 10:21:02AM -0400, Waldo Fenn wrote:",
      ">> Use a bigger buffer for the key.",
      ">>",
      `>> Signed-off-by: ${signedOff}`,
      ">> ---",
      "",
      "> Why not free it first?",
      "",
      "Because it is still in use by then.",
      "",
      "Fennw",
    ].join("\n");

  it("joins the patch's sender, whom the attribution names without an address, two levels down", () => {
    expect(topSpeaker(readMail(paste("Waldo Fenn <fennw@example.org>")))).toMatchObject({ name: "Waldo Fenn", email: "fennw@example.org" });
  });

  it("joins nobody when the patch was signed off by someone else", () => {
    expect(topSpeaker(readMail(paste("Abel Fennw <fennw@example.org>")))?.name).toBe("Fennw");
  });
});

describe("a closing block whose company line ends on an abbreviation", () => {
  it("reads `Thanks,` / name / `Engineer, Acme Inc.` as a sign-off naming the writer, and a sentence there as none", () => {
    const paste = (tail: string): string => ["> The flush runs after resume.", "", "Not on the slow queue.", "", "Thanks,", "Jan Novak", tail].join("\n");
    expect(topSpeaker(readMail(paste("Senior Engineer, Acme Inc.")))?.name).toBe("Jan Novak");
    expect(topSpeaker(readMail(paste("I will send a fix.")))?.known).toBe(false);
  });
});

describe("a sign-off with marks between or after its parts", () => {
  it("reads a name under a dash line under the closing", () => {
    const thread = readMail(["> Is the clock gated here?", "", "No, it stays on while the bus is idle.", "", "Kind regards", "---", "Ysolde Brannigan"].join("\n"));
    expect(topSpeaker(thread)?.name).toBe("Ysolde Brannigan");
  });

  it("reads a name with a stop under a closing, above a postscript", () => {
    const text = ["> Could the table move to the second chapter?", "", "Yes, it reads better there.", "", "Cheers,", "Fenwick.", "", "PS: the next version follows tomorrow."].join("\n");
    expect(topSpeaker(readMail(text))?.name).toBe("Fenwick");
  });
});

describe("a name with a stop ending the writer's last words", () => {
  it("reads it above the tail of the quote the writer left", () => {
    const text = [
      "On 3 May 2021, Ingrid Holm wrote:",
      "> Does the option need the other library?",
      "",
      "No, the library stands alone these days, so the dependency can go.",
      "",
      "Anselm.",
      "",
      "> \thelp",
      "> \t  This driver handles the sensor block.",
    ].join("\n");
    expect(topSpeaker(readMail(text))?.name).toBe("Anselm");
  });

  it("takes no one-word answer under a quote for a name", () => {
    const text = ["On 3 May 2021, Ingrid Holm wrote:", "> Shall I send it again?", "", "Absolutely.", "", "> The driver handles the sensor block."].join("\n");
    expect(topSpeaker(readMail(text))?.name).not.toBe("Absolutely");
  });
});
