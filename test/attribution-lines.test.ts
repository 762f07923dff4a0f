import { describe, expect, it } from "vitest";
import { labelText as label, roleAndWriter as at } from "./support/labelled.js";

describe("boilerplate between quotes", () => {
  it("reads a mail gateway's external-sender banner as a footer, not as the quoted writer's text", () => {
    const lines = label(
      [
        "On Wed, 4 Mar 2026 at 11:02, Wren Halloway <wren@example.org> wrote:",
        "> WARNING: This message originated from outside your organisation. Do not open attachments or",
        "> follow links unless you know the content is safe.",
        ">",
        "> The nightly image boots again since the rollback.",
        "",
        "Good, then I will close the ticket.",
      ].join("\n"),
    );
    expect(at(lines, "WARNING")).toBe("footer -");
    expect(at(lines, "follow links")).toBe("footer -");
    expect(at(lines, "The nightly image")).toBe("content Wren Halloway");
  });
});

describe("attributions cut short", () => {
  it("reads an attribution whose name line was cut as an attribution, and gives the quote under its wrapped verb to the writer it names", () => {
    const lines = label(
      [
        "> On Wed, Apr 8, 2026 at 7:41 AM Tilda Brennan",
        ">",
        "> I will take it through my tree once rc1 is out.",
        "",
        "Thanks, that works for me.",
        "",
        "> > On Thu, 2026-04-09 at 10:02 +0200, Osman Kadri via build-list",
        "> >",
        "> > wrote:",
        "> > > The cache is rebuilt on every run.",
      ].join("\n"),
    );
    expect(at(lines, "On Wed")).toBe("attribution -");
    expect(at(lines, "I will take")).toBe("content unknown (quoted at depth 1)");
    expect(at(lines, "On Thu")).toBe("attribution -");
    expect(at(lines, "wrote:")).toBe("attribution -");
    expect(at(lines, "The cache")).toBe("content Osman Kadri");
  });
});

describe("decorated attributions", () => {
  it("reads Zoho's dashed `---- On … wrote ----` line as the attribution of the quote under it", () => {
    const lines = label(
      [
        "Fine by me.",
        "",
        " ---- On Tue, 07 Apr 2026 09:14:02 +0200  Tilda Brennan <tilda@example.org> wrote --- ",
        "",
        " > Shall we drop the old flag in the next release?",
      ].join("\n"),
    );
    expect(at(lines, "---- On")).toBe("attribution -");
    expect(at(lines, "Shall we")).toBe("content Tilda Brennan");
  });
});
