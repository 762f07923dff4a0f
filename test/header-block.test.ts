import { describe, expect, it } from "vitest";
import { labelBody, type LabelledLine } from "../core/readers/mail/body.js";
import { parseFromValue } from "../core/readers/mail/header-block.js";
import { splitQuotePrefix } from "../core/readers/mail/lines.js";

const label = (text: string): LabelledLine[] => labelBody(text.split("\n").map(splitQuotePrefix)).lines;
/** The role and the writer's first name or address of the line that starts with `start`. */
function at(lines: readonly LabelledLine[], start: string): string {
  const line = lines.find((l) => l.text.trimStart().startsWith(start));
  if (line === undefined) return "missing";
  const who = line.owner === null ? "-" : (line.owner.names[0] ?? line.owner.emails[0] ?? line.owner.placeholder);
  return `${line.role} ${who}`;
}

describe("parseFromValue", () => {
  it.each([
    [`"Wren Halloway via quill-devel" <quill-devel@lists.example.org>`, "Wren Halloway"],
    [`'Tomas Brekke' via ferrous-users <ferrous-users@groups.example.com>`, "Tomas Brekke"],
    [`Brekke, Tomas via ferrous-users <ferrous-users@lists.example.net>`, "Tomas Brekke"],
  ])("takes the poster from a list's rewritten `From:` %s, and not the list's address", (value, name) => {
    expect(parseFromValue(value)).toEqual({ name, email: null });
  });

  it("keeps an address that is the writer's own", () => {
    expect(parseFromValue("Wren Halloway <wren@example.org>")).toEqual({ name: "Wren Halloway", email: "wren@example.org" });
  });
});

describe("header blocks", () => {
  it("keeps apart two posters whose Outlook blocks carry the same list address", () => {
    const lines = label(
      [
        "Works now, thanks.",
        "",
        "________________________________",
        `From: "Wren Halloway via quill-devel" <quill-devel@lists.example.org>`,
        "Sent: Monday, March 2, 2026 10:00 AM",
        "To: Tomas Brekke <tomas@example.net>",
        "Subject: Re: the build",
        "",
        "Did you try the clean build?",
        "",
        "________________________________",
        `From: "Tomas Brekke via quill-devel" <quill-devel@lists.example.org>`,
        "Sent: Sunday, March 1, 2026 9:00 AM",
        "Subject: the build",
        "",
        "The build fails on the second pass.",
      ].join("\n"),
    );
    expect(at(lines, "Did you try")).toBe("content Wren Halloway");
    expect(at(lines, "The build fails")).toBe("content Tomas Brekke");
  });
});
