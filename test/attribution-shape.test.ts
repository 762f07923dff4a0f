import { describe, expect, it } from "vitest";
import { attributionShape } from "../core/readers/mail/client-shapes.js";
import { readMail } from "../core/readers/mail/read-mail.js";
import { speakerAt } from "./support/speaker-at.js";

describe("the shape of an attribution line", () => {
  it("keeps the client's date and time layout, and leaves out names, addresses, zones and verbs", () => {
    expect(attributionShape("On Tue, 4 Feb 2025 at 09:41, Pia Lund <pia@example.net> wrote:")).toBe(attributionShape("On Fri, 21 Nov 2025 at 17:03, Tom Berg opined:"));
    expect(attributionShape("On 2/4/25 9:41 AM, Pia Lund wrote:")).toBe(attributionShape("On 11/21/25 5:03 PM, Tom Berg wrote:"));
    expect(attributionShape("On Tue, Feb 04, 2025 at 09:41:12AM +0100, Pia Lund wrote:")).toBe(attributionShape("On Fri, Nov 21, 2025 at 05:03:59PM -0800, Tom Berg wrote:"));
    expect(attributionShape("On 2025-02-04 09:41, Pia Lund wrote:")).not.toBe(attributionShape("On Tue, 4 Feb 2025 at 09:41, Pia Lund wrote:"));
    expect(attributionShape("Pia Lund wrote")).toBeNull();
  });
});

describe("the turns read with the clients that wrote the attributions", () => {
  const paste = (topAttribution: string): string =>
    [
      topAttribution,
      "> On 2/3/25 8:12 PM, Ingrid Holm wrote:",
      ">> On Mon, 3 Feb 2025 at 14:30, Nils Ek <nils@example.org> wrote:",
      ">>> The watchdog resets the board when the log fills up.",
      ">>",
      ">> Does it happen with logging turned off?",
      ">",
      "> Only when the log is on, as far as I can tell.",
      "",
      "Then the log writer is holding the lock too long.",
    ].join("\n");

  it("names the top level from the turns when its attribution has the shape of the one quoted twice", () => {
    const thread = readMail(paste("On Tue, 4 Feb 2025 at 09:05, Nils Ek <nils@example.org> wrote:"));
    expect(speakerAt(thread, 0)?.name).toBe("Ingrid Holm");
  });

  it("leaves the top level unknown when its attribution was written by another client than the one quoted twice", () => {
    const thread = readMail(paste("On 2025-02-04 09:05, Nils Ek wrote:"));
    expect(speakerAt(thread, 0)?.known).toBe(false);
  });
});
