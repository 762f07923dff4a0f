import { describe, expect, it } from "vitest";
import { labelMessage } from "../core/readers/mail/read-mail.js";
import { flat } from "./support/flat-paste.js";
import { roleOf, namesAt } from "./support/labelled.js";

describe("flattened pastes: signatures and sign-offs naming the writer", () => {
  it("starts a flattened signature at its first `--`, though the signature holds more dashes of its own", () => {
    const text = flat([
      "On Fri, 2 Jun 2023, Ann Lee <ann@example.org> wrote:",
      "> Is the handle for a file or a directory?",
      "> Does it change between the calls?",
      "It is a directory, and nothing else writes to it while the test runs.",
      "Cheers, Tilda",
      "--",
      "Tilda Brennan -- Builds things on odd hardware -- tilda@example.org",
      "When I talk to people I say I fix computers -- Wren Halloway",
    ]);
    const { lines } = labelMessage(text);
    expect(roleOf(text, "When I talk")).toBe("signature");
    const names = lines.find((l) => l.text.includes("It is a directory"))?.owner?.names;
    expect(names).toContain("Tilda Brennan");
    expect(names).not.toContain("Wren Halloway");
  });

  it("keeps a flattened signature apart from the list footer under it, so that it still names the writer", () => {
    const text = flat([
      "On Fri, 2 Jun 2023, Ann Lee <ann@example.org> wrote:",
      "> Is the handle for a file or a directory?",
      "> Does it change between the calls?",
      "It is a directory, and nothing else writes to it while the test runs.",
      "--",
      "Tilda Brennan <tilda@example.org>",
      "--",
      "Example-devel mailing list",
      "Example-devel@lists.example.org",
      "https://lists.example.org/mailman/listinfo/example-devel",
    ]);
    const { lines } = labelMessage(text);
    expect(lines.find((l) => l.text.includes("It is a directory"))?.owner?.names).toContain("Tilda Brennan");
    expect(roleOf(text, "mailing list")).toBe("footer");
  });

  it("names the writer from a flattened signature that opens with a closing, without the closing", () => {
    const text = flat([
      "On Fri, 2 Jun 2023, Ann Lee <ann@example.org> wrote:",
      "> Is the handle for a file or a directory?",
      "It is a directory, and nothing else writes to it while the test runs.",
      "-- ",
      "Mfg",
      "Tilda Brennan",
    ]);
    const { lines } = labelMessage(text);
    expect(lines.find((l) => l.text.includes("It is a directory"))?.owner?.names).toEqual(["Tilda Brennan"]);
  });

  it("reads `-- Name <addr>` ending a quote as that quote's signature, its delimiter joined to the name as recovery may leave it", () => {
    const text = [
      "On Fri, 2 Jun 2023, Ann Lee <ann@example.org> wrote:",
      "> Is the handle for a file or a directory?",
      "> Does it change between the calls?",
      "> -- Ann Lee <ann@example.org>",
      "",
      "It is a directory, and nothing else writes to it while the test runs.",
    ].join("\n");
    expect(roleOf(text, "-- Ann Lee")).toBe("signature");
    expect(roleOf(text, "It is a directory")).toBe("content");
  });

  it("names the writer from a signature that a list footer's own `--` follows", () => {
    const text = flat([
      "On Tue, 6 Jun 2023, Ann Lee <ann@example.org> wrote:",
      "> Should the retry count be a module parameter?",
      "> Or is a fixed limit enough for every transport?",
      "A fixed limit is enough, nobody has asked to tune it so far.",
      "-- ",
      "Piet Smit <piet@example.org>",
      "",
      "-- ",
      "You received this message because you are subscribed to the Example group.",
      "To unsubscribe from this group, send an email to example+unsubscribe@example.org.",
    ]);
    const lines = labelMessage(text).lines;
    expect(lines.find((l) => l.text.includes("A fixed limit"))?.owner?.names).toContain("Piet Smit");
  });

  it("keeps a `--` between two words of a sentence as a dash, not as a signature", () => {
    const text = flat([
      "On Tue, 6 Jun 2023, Ann Lee <ann@example.org> wrote:",
      "> Why keep the timer once the socket is closed?",
      "> Nothing reads it after that.",
      "The peer may never see our first request, so we send it again -- so the timer has to stay until it answers.",
      "Regards,",
      "Piet",
    ]);
    expect(roleOf(text, "so the timer has to stay")).toBe("content");
    expect(namesAt(text, "The peer may never")).toContain("Piet");
  });

  it("reads a `--` opening a list item of the writer's text as a bullet when a long text under it ends in the writer's sign-off", () => {
    const text = flat([
      "On Tue, 6 Jun 2023, Ann Lee <ann@example.org> wrote:",
      "> The buffer size is fixed at four pages, isn't it?",
      "",
      "Not quite. The manual lists the limits each port must meet:",
      "-- the smallest buffer, four pages",
      "-- the largest buffer, sixty-four pages",
      "So a port may choose any size between the two, and most of the ones I know pick the largest because the",
      "copies get cheaper that way. Only the embedded boards keep the smallest one, and they say so in their",
      "notes. I would not rely on either number in the shared code; asking the port at start-up is safer and",
      "costs nothing worth measuring.",
      "",
      "Thank you,",
      "Piet Hein",
    ]);
    expect(roleOf(text, "copies get cheaper")).toBe("content");
    expect(namesAt(text, "Not quite.")).toContain("Piet Hein");
  });

  it("splits a sign-off that follows a link out of the writer's last paragraph", () => {
    const text = flat([
      "On Tue, 6 Jun 2023, Ann Lee <ann@example.org> wrote:",
      "> Is there a public log of the nightly runs?",
      "> I could not find one on the project page.",
      "Yes, every run is kept for a month at https://ci.example.org/nightly/runs",
      "",
      "Take care",
      "Marc",
    ]);
    expect(namesAt(text, "every run is kept")).toContain("Marc");
  });

  it("names the writer from a name alone above the signature delimiter, after code that ends no sentence", () => {
    const text = flat([
      "On Mon, 8 May 2023, Ivo Marsh <ivo@example.org> wrote:",
      "> Does the retry loop still spin when the device is gone?",
      "It does not any more, this is what I have now:",
      "if (!dev->present) {",
      "return -ENODEV;",
      "}",
      "Teodor",
      "--",
      "(work) https://example.org/~teodor",
    ]);
    const lines = labelMessage(text).lines;
    expect(lines.find((l) => l.text === "Teodor")?.role).toBe("signature");
    expect(lines.find((l) => l.text.includes("It does not any more"))?.owner?.names).toContain("Teodor");
  });

  it("splits a slash-led name under a closing without its comma out of the writer's text, above the attribution", () => {
    const text = flat([
      "Thanks Lea, I agree that the counter should be reset on every reconnect.",
      "Do you want to send the patch, or shall I?",
      "Regards",
      "///ivo",
      "On 3/2/21 8:04 AM, Lea Brandt wrote:",
      "> The counter is never reset, so after enough reconnects it wraps.",
    ]);
    const lines = labelMessage(text).lines;
    expect(lines.find((l) => l.text === "///ivo")?.role).toBe("signature");
    expect(lines.find((l) => l.text.includes("Do you want"))?.owner?.names).toContain("ivo");
    // The same words opening the text greet the person answered: they sign nothing.
    expect(lines.find((l) => l.text.startsWith("Thanks Lea,"))?.role).toBe("content");
  });

  it("names the writer from a lowercase name signing alone after the last finished sentence", () => {
    const text = flat([
      "On Tue, 5 Mar 2024, Ines Kobo <ines@example.org> wrote:",
      "> Is there a fix we could take on the old branch?",
      "Not a small one, I'm afraid. The safest route is to move to the new release.",
      "rafa",
    ]);
    const lines = labelMessage(text).lines;
    expect(lines.find((l) => l.text === "rafa")?.role).toBe("signature");
    expect(lines.find((l) => l.text.includes("safest route"))?.owner?.names).toContain("rafa");
  });

  it("sets apart a sign-off with more text under it (footnotes, a list), so that it still names the writer", () => {
    const quote = ["On Tue, 3 May 2022, Ann Lee <ann@example.org> wrote:", "> Could the probe run later, once the bus is up?"];
    const signed = flat([...quote, "It could, but the firmware is not loaded by then.", "Thanks, Bruno", "[1] https://example.org/notes/probe-order"]);
    expect(namesAt(signed, "firmware is not")).toContain("Bruno");
    const lone = flat([...quote, "It cannot, the bus comes up last.", "mirela", "drivers/bus/probe.c: line 12", "drivers/bus/core.c: line 40"]);
    expect(roleOf(lone, "mirela")).toBe("signature");
    expect(namesAt(lone, "comes up last")).toContain("mirela");
    // A sentence about a path, or thanks to a reader, signs nothing.
    const prose = flat([...quote, "It could. Patching drivers/bus/probe.c shows it.", "Thanks, Ann. I'll test it."]);
    expect(labelMessage(prose).lines.filter((l) => l.role === "signature")).toEqual([]);
  });

  it("sets a name signing alone after a link apart from the text, so that it names the writer; a name ending a list signs nothing", () => {
    const quote = ["On Wed, 6 Sep 2023, Ola Berg <ola@example.org> wrote:", "> Should the buffer code move to a shared header?"];
    const linked = flat([...quote, "Yes, the earlier cleanup [1] left it half done.", "[1] https://example.org/archive/2023/1234", "/Kasimir"]);
    expect(roleOf(linked, "/Kasimir")).toBe("signature");
    expect(namesAt(linked, "half done")).toContain("Kasimir");
    const listed = flat([...quote, "Yes, I will move it next week.", "Example Systems GmbH, Board: Ada Frost, Tomas Weller"]);
    expect(namesAt(listed, "next week") ?? []).not.toContain("Tomas Weller");
  });

  it("reads a lone dash under a name as the writer's delimiter above a company block, and a dash before a question as prose", () => {
    const quote = ["On Thu, 7 Mar 2024, Ines Kobo <ines@example.org> wrote:", "> Does the probe still fail on the old boards?"];
    const signed = flat([...quote, "It does, the timer is never armed there.", "Yorick", "-", "Northgate Widgets Ltd, 12 Mill Lane, Harwick, HW3 9QP, UK", "Company No: 5550123 (Wales)"]);
    expect(roleOf(signed, "Yorick")).toBe("signature");
    expect(namesAt(signed, "never armed")).toContain("Yorick");
    const asked = flat([...quote, "It does, the timer is never armed there.", "Yorick", "-", "can you test the fix on yours?"]);
    expect(labelMessage(asked).lines.filter((l) => l.role === "signature")).toEqual([]);
  });

  it("reads the long dash autocorrect makes of `-- ` under a closing as the delimiter of a signature naming the writer", () => {
    const quote = ["On Thu, 7 Mar 2024, Ines Kobo <ines@example.org> wrote:", "> Does the probe still fail on the old boards?"];
    const signed = flat([...quote, "It does, the timer is never armed there.", "", "Thanks & Best regards,", "", "—", "Yoshiki Komachi", "komachi.yoshiki@example.com"]);
    expect(namesAt(signed, "never armed")).toContain("Yoshiki Komachi");
  });

  it("reads a name after the last sentence as the writer's, above a company block in capitals without a delimiter, but not above prose", () => {
    const quote = ["On Tue, 9 Apr 2024, Ines Kobo <ines@example.org> wrote:", "> Can the cache be sized per device?"];
    const signed = flat([...quote, "Yes, I will add a knob for it in the next round.", "Waltraud", "", "QUILLBRIDGE SYSTEMS Aachen GmbH, HRB 40417", "Managing Director: Odo Fenn, Marit Vale"]);
    expect(roleOf(signed, "Waltraud")).toBe("signature");
    expect(namesAt(signed, "add a knob")).toContain("Waltraud");
    const prose = flat([...quote, "Yes, I will add a knob for it in the next round.", "Waltraud said she needs it for the lab boards too"]);
    expect(labelMessage(prose).lines.filter((l) => l.role === "signature")).toEqual([]);
  });

  it("splits a closing in the writer's own words and a lowercase name off the end of the text, so that the name signs", () => {
    const quote = ["On Fri, 8 Mar 2024, Ines Kobo <ines@example.org> wrote:", "> Will the fix make the next release?"];
    const signed = flat([...quote, "It should, the branch is cut on Monday.", "sunny skies,", "tamsin"]);
    expect(roleOf(signed, "tamsin")).toBe("signature");
    expect(namesAt(signed, "branch is cut")).toContain("tamsin");
    // A full name under such a closing signs too, glued to the quote that follows it.
    const full = flat(["It should, the branch is cut on Monday.", "ATB,", "Odile Marchetti", ...quote]);
    expect(namesAt(full, "branch is cut")).toContain("Odile Marchetti");
    // An answer after a comma is no name.
    const answered = flat([...quote, "I asked around. In short, yes"]);
    expect(labelMessage(answered).lines.filter((l) => l.role === "signature")).toEqual([]);
  });

  it("reads a name after a spaced dash ending the text as the writer's sign-off, though the word before it ends no sentence", () => {
    const quote = ["On Mon, 4 Mar 2024, Ines Kobo <ines@example.org> wrote:", "> Can the header be rewritten as part of the move?"];
    const signed = flat([...quote, "Please keep the notices as they were. The old file had:", " * Copyright (C) 2019, Acme Labs", "- Folke"]);
    expect(roleOf(signed, "- Folke")).toBe("signature");
    expect(namesAt(signed, "keep the notices")).toContain("Folke");
  });

  it("splits a closing without its comma, a full name and a title block off the text above an attribution, so that the name signs", () => {
    const text = flat([
      "The retry fixed it on my side, I will send a v2 tomorrow.",
      "Kind Regards",
      "Jane Doe",
      "Staff Engineer",
      "jane@example.com",
      "Example, Inc.",
      "On Mon, 2 Jan 2023 at 10:00, Ola Berg <ola@example.org> wrote:",
      "> Does the retry help on the old boards?",
    ]);
    expect(namesAt(text, "retry fixed")).toContain("Jane Doe");
  });

  it("reads a name ending the text after an emoji as the writer's sign-off", () => {
    const quote = ["On Fri, 8 Mar 2024, Ines Kobo <ines@example.org> wrote:", "> Could someone restart the build machine?"];
    const text = flat([...quote, "You are closer to it than I am, so you try 😀", "Ottilie"]);
    expect(roleOf(text, "Ottilie")).toBe("signature");
    expect(namesAt(text, "closer to it")).toContain("Ottilie");
  });
});
