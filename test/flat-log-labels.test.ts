import { describe, expect, it } from "vitest";
import { isCodeLabel } from "../core/readers/mail/lines.js";
import { unflatten } from "../core/readers/mail/unflatten.js";
import { flat } from "./support/flat-paste.js";

describe("flat log lines", () => {
  it("tells a log line's label from a prose word before a colon", () => {
    expect(["core.c:118:9:", "make[2]:", "dev_init:", "reset_hw():", "v4l2:"].map(isCodeLabel)).toEqual([true, true, true, true, true]);
    expect(["tree:", "Note:", "wrote:", "e.g.:", ":"].map(isCodeLabel)).toEqual([false, false, false, false, false]);
  });

  it("keeps a quoted compiler line whole past its location label rather than reading its message as reply", () => {
    const lines = unflatten(
      flat([
        "On Mon, 4 Apr 2022, Ivo Rask <ivo@example.org> wrote:",
        "> Please build the driver before sending it again, this is what I get here",
        "> with the patch applied on top of the current tree:",
        ">",
        "> drivers/misc/widget_core.c:1187:22: 'widget_reset_hw' undeclared here (not in a function); did you mean 'widget_reset_sw'?",
        ">",
        "> Thanks for looking into it anyway.",
        "Sorry about that, I sent the wrong branch. A fixed version follows shortly.",
      ]),
      undefined,
      true,
    );
    // Where `>` lines stand between quoted lines the depth is the search's to guess; what matters
    // here is that the message stays on its label's quoted line.
    const message = lines?.find((l) => l.text.includes("undeclared here"));
    expect(message?.depth).toBeGreaterThan(0);
    expect(message?.text.startsWith("drivers/misc/widget_core.c:1187:22: 'widget_reset_hw'")).toBe(true);
  });
});
