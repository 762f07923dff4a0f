import { describe, expect, it } from "vitest";
import { readMail } from "../core/readers/mail/read-mail.js";
import { topSpeaker } from "./support/speaker-at.js";

/* Sign-offs in pastes that lost their newlines: the name ran on into the words around it. */

// A paste that lost its newlines: every line of the message joined by one space.
const flat = (lines: string[]): string => lines.join(" ");

describe("flattened sign-offs", () => {
  it("reads a tilde-led name above a footnote (`~Odile [1] https://…`)", () => {
    const text = flat([
      "On 3/4/21 9:12 AM, Bram Ketel wrote:",
      "> Could the limit be raised for the test runner?",
      "",
      "It can, the knob is documented [1] and the default stays as it is.",
      "",
      "~Odile",
      "",
      "[1] https://docs.example.org/limits.html",
    ]);
    expect(topSpeaker(readMail(text))?.name).toBe("Odile");
  });

  it("reads a name opening the block under a `--` before a footnote (`-- Gunnar [1] https://…`)", () => {
    const text = flat([
      "On 3/4/21 9:12 AM, Bram Ketel wrote:",
      "> Could the limit be raised for the test runner?",
      "",
      "It can, I tried it on the slow board and it holds.",
      "",
      "-- ",
      "Gunnar",
      "",
      "[1] https://docs.example.org/limits.html",
    ]);
    expect(topSpeaker(readMail(text))?.name).toBe("Gunnar");
  });

  it("reads a closing and a name right after a log line (`…+0x40/0x90 Thanks Ilse`)", () => {
    const text = flat([
      "On Tue, Jan 9, 2024 at 08:00:00AM +0000, Bram Ketel wrote:",
      "> Does it still oops on your board?",
      "",
      "It does, here is the new trace:",
      "[ 2.104411] sched_tick+0x1c/0x38",
      "[ 2.108720] timer_fire+0x40/0x90",
      "",
      "Thanks",
      "Ilse",
      "",
      "> > Thanks!",
    ]);
    expect(topSpeaker(readMail(text))?.name).toBe("Ilse");
  });
});
