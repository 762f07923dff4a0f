import { describe, expect, it } from "vitest";
import { labelText as label, roleAndWriter as at } from "./support/labelled.js";

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
