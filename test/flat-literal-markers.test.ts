import { describe, expect, it } from "vitest";
import { unflatten } from "../core/readers/mail/unflatten.js";

describe("unflatten: a lone `>` read as text or as a prefix", () => {
  it("reads the `>` before a patch's `---` as the prefix of a quoted line, not as a comparison", () => {
    const text = [
      "On Mon, 4 Jul 2022 10:12:40 +0800 Ann Lee <ann@example.org> wrote:",
      "> Add a property for the second reference voltage of the converter.",
      ">",
      "> Signed-off-by: Ann Lee <ann@example.org>",
      "Hi Ann, one comment inline. Thanks, Bo",
      "> ---",
      "> drivers/iio/adc/acme-adc.c | 12 +++++++++---",
      "> 1 file changed, 9 insertions(+), 3 deletions(-)",
    ].join(" ");
    const lines = unflatten(text, undefined, true) ?? [];
    // A word glued to a lone `>` and then a dash (`x > -1`) may be a comparison; a bare `---` never is.
    expect(lines.find((l) => l.text === "---")?.depth).toBe(1);
    expect(lines.some((l) => l.text.includes("> ---"))).toBe(false);
  });

  it("reads the `>` after a snip marker as the prefix of a quoted line, not as a comparison", () => {
    const text = [
      "On Tue, 2019-08-27 at 21:40 +0200, Ann Lee wrote:",
      "[...]",
      "> 1. skip the lookup in fib_eval.c when the module is off",
      "[...]",
      "Is that still needed? Both callers already check it in this patch. Best regards, Bo Berg",
    ].join(" ");
    const lines = unflatten(text, undefined, true) ?? [];
    expect(lines.find((l) => l.text.startsWith("1. skip"))?.depth).toBe(1);
    expect(lines.some((l) => l.text.includes("> 1."))).toBe(false);
  });

  it("reads a shell redirect's `>` inside a quoted command line as text, not as the prefix of a line of its own", () => {
    const text = [
      "On Mon, 4 Jul 2022, Ann Lee <ann@example.org> wrote:",
      "> On Sun, 3 Jul 2022, Bo Berg <bo@example.org> wrote:",
      "> > The mode is read and set through the new sysfs file, for example:",
      "> >",
      "> > echo H > /sys/devices/platform/acme/perfmode",
      "> > echo L > /sys/devices/platform/acme/perfmode",
      ">",
      "> Is a third mode needed for the thermal daemon?",
      "",
      "No, two are enough for now.",
    ].join(" ");
    const lines = unflatten(text, undefined, true) ?? [];
    expect(lines.filter((l) => l.text.startsWith("echo")).map((l) => [l.depth, l.text])).toEqual([
      [2, "echo H > /sys/devices/platform/acme/perfmode"],
      [2, "echo L > /sys/devices/platform/acme/perfmode"],
    ]);
  });
});
