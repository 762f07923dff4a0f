import { describe, expect, it } from "vitest";
import { buildChild, measureParseMemory } from "./bench/parse-memory.js";

describe("the parse bench's memory child", () => {
  it("parses the input in a plain node process on the built parser and reports its peak", async () => {
    const built = buildChild();
    try {
      const paste = "On Tue, 4 Mar 2025, Ines Moreau <ines@example.org> wrote:\n> The timer fires twice — once per queue.\n\nOnly when the queue is paused.\n";
      const m = await measureParseMemory(built, paste, 60_000);
      if ("error" in m) throw new Error(m.error);
      expect(m.bytes).toBe(Buffer.byteLength(paste));
      expect(m.peakKB).toBeGreaterThanOrEqual(m.beforeKB);
    } finally {
      built.dispose();
    }
  }, 120_000);
});
