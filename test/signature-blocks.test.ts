import { describe, expect, it } from "vitest";
import { readMail } from "../core/readers/mail/read-mail.js";
import { topSpeaker } from "./support/speaker-at.js";

/* Signature blocks under the `-- ` delimiter: which of their lines names the writer, and when a sign-off above says it better. */

const reply = (below: string[]): string =>
  ["> Can the timeout be raised to five seconds?", "", "Yes, I will send a second version with that change.", "", ...below].join("\n");

describe("decoration inside a signature block", () => {
  it("reads the whole name drawn beside a picture, over the middle name the sign-off gives", () => {
    const thread = readMail(reply(["Cheers,", "Rupert", "", "-- ", " .-~-.  Anselm Rupert Quill Varga", " (o o)  Kernel Hacker", "  \\_/   PGP: 1234 ABCD"]));
    expect(topSpeaker(thread)?.name).toBe("Anselm Rupert Quill Varga");
  });

  it("reads the whole name between a picture's rows once the signature's newlines are lost", () => {
    const flat = reply(["Cheers,", "Rupert", "", "-- ", " .-~-.  Anselm Rupert Quill Varga", " (* *)  Kernel Hacker", "  \\_/   PGP: 1234 ABCD"]).split(/\s+/u).join(" ");
    expect(topSpeaker(readMail(flat))?.name).toBe("Anselm Rupert Quill Varga");
  });

  it("reads the name under a rule of symbols", () => {
    const thread = readMail(reply(["-- ", "********************", "Marisol Tendwick", "Storage Team | www.example.org"]));
    expect(topSpeaker(thread)?.name).toBe("Marisol Tendwick");
  });

  it("reads the name under the em dash autocorrect makes of the delimiter", () => {
    // The quoted writer's sign-off, left under the closing, stands between it and the signature.
    const thread = readMail(reply(["Thanks & Best regards,", "", "> Thanks,", "> John", "", "—", "Yoshiki Komachi", "komachi.yoshiki@example.com"]));
    expect(topSpeaker(thread)?.name).toBe("Yoshiki Komachi");
  });

  it("reads the name under a closing and a second dash line", () => {
    const thread = readMail(reply(["-- ", "Cheers", "--", "Oswin"]));
    expect(topSpeaker(thread)?.name).toBe("Oswin");
  });
});

describe("a company's name opening a signature line that runs on", () => {
  it("gives way to the sign-off above the delimiter", () => {
    const text = reply(["Thanks,", "Ravi", "", "-- ", "ZENTRIX LABS, on behalf of Zentrix Group, Inc. is a member", "of the Example Consortium"]);
    expect(topSpeaker(readMail(text))?.name).toBe("Ravi");
  });
});

describe("a sign-off that is a short form of the signature's name", () => {
  it("keeps the signature's full name beside the short one", () => {
    const thread = readMail(reply(["Thanks,", "Alex", "", "-- ", "Alexander Brandt Software Engineer, Example Corp, 12 Main Street"]));
    const speaker = topSpeaker(thread);
    expect([speaker?.name, ...(speaker?.aliases ?? [])]).toContain("Alexander Brandt");
  });

  it("does not join a sign-off to a signature of another person", () => {
    const thread = readMail(reply(["Thanks,", "Ravi", "", "-- ", "Alexander Brandt Software Engineer, Example Corp, 12 Main Street"]));
    const speaker = topSpeaker(thread);
    expect([speaker?.name, ...(speaker?.aliases ?? [])]).not.toContain("Alexander Brandt");
  });
});

describe("a personal site as the signature's one line", () => {
  it("reads the name its host spells", () => {
    expect(topSpeaker(readMail(reply(["-- ", "orla-vantry.net"])))?.name).toBe("Orla Vantry");
    expect(topSpeaker(readMail(reply(["-- ", "<https://www.orla-vantry.net/>"])))?.name).toBe("Orla Vantry");
  });

  it("takes no single-word host for a name", () => {
    expect(topSpeaker(readMail(reply(["-- ", "https://example.org/"])))?.name).toBe("unknown (author)");
  });
});

describe("sign-offs in shapes no closing phrase covers", () => {
  it("reads a name under a line that closes on a comma in its own words", () => {
    const thread = readMail(reply(["Thanks again for the quick turnaround! Enjoy the long weekend,", "Tamsin"]));
    expect(topSpeaker(thread)?.name).toBe("Tamsin");
  });

  it("reads a name with a remark in parentheses after it", () => {
    const thread = readMail(reply(["Hope this helps.", "", "Bertram (back from leave on Monday)"]));
    expect(topSpeaker(thread)?.name).toBe("Bertram");
  });

  it("takes no lone word after a sentence wrapped mid-way for a name", () => {
    const thread = readMail(reply(["I ran the tests with the patch applied and", "Bertram"]));
    expect(topSpeaker(thread)?.name).toBe("unknown (author)");
  });
});

describe("a name with a handle or a joke beside it", () => {
  it("reads the name before a slash and a handle under the delimiter", () => {
    const thread = readMail(reply(["-- ", "Cheers,", "", "Dana / dkell"]));
    expect(topSpeaker(thread)?.name).toBe("Dana");
  });

  it("reads a sign-off with a nickname in quotes between the names", () => {
    const thread = readMail(reply(['        Moira "one more rebase" Quennell']));
    expect(topSpeaker(thread)?.name).toBe("Moira Quennell");
  });
});

describe("a signature that opens with a motto", () => {
  it("reads the name on a later line of the signature", () => {
    const thread = readMail(reply(["-- ", "Simplicity is prerequisite for reliability, and we keep forgetting it.", "", "Corwin Aldous   ***   http://example.org/"]));
    expect(topSpeaker(thread)?.name).toBe("Corwin Aldous");
  });

  it("takes no name that credits the motto", () => {
    const thread = readMail(reply(["-- ", "Simplicity is prerequisite for reliability.", "    -- Edsger Dijkstra"]));
    expect(topSpeaker(thread)?.name).toBe("unknown (author)");
  });
});

describe("a list footer under a signature that names nobody", () => {
  const footer = (address: string): string[] => ["-- ", "https://frob.example.org/project/list/", "", "_______________________________________________", "devel mailing list", address, "http://frob.example.org/mailman/listinfo/frob-devel"];

  it("gives the writer no address from the footer, however plain its posting address", () => {
    expect(topSpeaker(readMail(reply(footer("devel@frobproject.example.org"))))?.known).toBe(false);
  });

  it("still takes a writer's address above the footer", () => {
    const below = ["-- ", "https://frob.example.org/project/list/", "mira.k@example.net", "", "_______________________________________________", "devel mailing list", "devel@frobproject.example.org"];
    expect(topSpeaker(readMail(reply(below)))?.email).toBe("mira.k@example.net");
  });
});

describe("a company in capitals under the delimiter", () => {
  it("lets the sign-off above name the writer, not the company's first words", () => {
    const thread = readMail(reply(["Regards,", "Ottilie", "", "-- ", "ZORBEX Network Systems Holland BV", "Kanaalweg 12, 3526 Utrecht"]));
    expect(topSpeaker(thread)?.name).toBe("Ottilie");
  });
});

describe("a name with a stop right above the signature block", () => {
  it("reads the name, the signature under it naming only a company", () => {
    const thread = readMail(reply(["Leopold.", "", "-- ", "QUILLON Data Systems Europe GmbH", "Registered office: Harbour Road 4"]));
    expect(topSpeaker(thread)?.name).toBe("Leopold");
  });

  it("keeps a one-word sentence above a signature that names the writer as their words", () => {
    const thread = readMail(reply(["Queued.", "", "-- ", "Leopold Marchetti"]));
    expect(topSpeaker(thread)?.name).toBe("Leopold Marchetti");
    expect(thread.segments.some((s) => s.role === "content" && s.text.includes("Queued."))).toBe(true);
  });

  it("takes no one-word sentence there for a name", () => {
    const thread = readMail(reply(["Fixed.", "", "-- ", "QUILLON Data Systems Europe GmbH"]));
    expect(topSpeaker(thread)?.name).not.toBe("Fixed");
  });
});
