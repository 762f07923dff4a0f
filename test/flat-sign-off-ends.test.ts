import { describe, expect, it } from "vitest";
import { labelMessage } from "../core/readers/mail/read-mail.js";

// A paste that lost its newlines: every line of the message joined by one space.
const flat = (lines: string[]): string => lines.join(" ");
const ownerNames = (text: string, needle: string): string[] => labelMessage(text).lines.find((l) => l.text.includes(needle))?.owner?.names ?? [];

describe("flattened sign-offs after a sentence ending in a bracket", () => {
  it("signs with a closing and name above footnotes when the last sentence ends `().`", () => {
    const text = flat([
      "On Mon, 4 Nov 2024, Ola Berg <ola@example.org> wrote:",
      "> Why not keep the old helper around for a while?",
      "Because nothing calls it after the switch to ring_flush_all().",
      "Kind regards",
      "Tobias",
      "[1] https://example.org/archive/2024/1104",
      "[2] https://example.org/archive/2024/1105",
    ]);
    expect(ownerNames(text, "nothing calls it")).toContain("Tobias");
  });
});
