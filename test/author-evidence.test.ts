import { describe, expect, it } from "vitest";
import { readMail } from "../core/readers/mail/read-mail.js";
import type { Thread } from "../core/thread/model.js";

/** The speaker of the first top-level content segment. */
function topSpeaker(thread: Thread): { name: string; email: string | null; known: boolean } | undefined {
  const seg = thread.segments.find((s) => s.depth === 0 && s.role === "content");
  return thread.speakers.find((s) => s.id === seg?.speaker);
}

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
