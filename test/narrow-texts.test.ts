import { serialize } from "node:v8";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { narrowed } from "../core/readers/mail/lines.js";
import { readMail } from "../core/readers/mail/read-mail.js";

// V8's serializer writes a string as it is stored: tag `"` for one byte a character, `c` for two.
const storedOneByte = (text: string): boolean => serialize(text)[2] === 0x22;

describe("segment texts stored narrow", () => {
  it("stores a text joined from plain lines of a paste holding a wide character one byte a character", () => {
    const paste = ["Bea wrote:", "> is the build green again ☺?", "", "Yes, on both boxes,", "and the flaky test is gone."].join("\n");
    const joined = readMail(paste).segments.find((s) => s.text.startsWith("Yes"));
    expect(joined?.text).toBe("Yes, on both boxes,\nand the flaky test is gone.");
    expect(storedOneByte(joined?.text ?? "")).toBe(true);
  });

  it("keeps every text as it was: Latin-1, wide characters and lone surrogates", () => {
    // Whether a cut of a two-byte text is stored two bytes a character differs between V8 versions;
    // narrowed is one byte a character either way.
    expect(storedOneByte(narrowed("€ plain".slice(1)))).toBe(true);
    fc.assert(fc.property(fc.string({ unit: "binary" }), (text) => narrowed(text) === text));
    for (const text of ["", "café", "naïve ☺", "\ud800 lone", "\ufeffbom", "a\u00ffb"]) expect(narrowed(text)).toBe(text);
  });
});
