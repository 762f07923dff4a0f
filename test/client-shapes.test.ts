import { describe, expect, it } from "vitest";
import { attributionShape } from "../core/readers/mail/client-shapes.js";
import { readMail } from "../core/readers/mail/read-mail.js";
import { countTransitions, LineModel } from "../core/readers/mail/line-model.js";
import { speakerAt, topSpeaker } from "./support/speaker-at.js";

describe("the shape of an attribution as a mail client writes it", () => {
  it("is the same for two lines of one client, whoever they name and whenever", () => {
    expect(attributionShape("On Mon, May 4, 2026 at 9:12 AM Ada Okafor <ada@example.org> wrote:")).toBe(attributionShape("On Fri, Jan 16, 2026 at 11:40 PM Bo Lindqvist <bo.l@example.com> wrote:"));
  });

  it("differs between clients", () => {
    expect(attributionShape("On Mon, May 4, 2026 at 9:12 AM Ada Okafor <ada@example.org> wrote:")).not.toBe(attributionShape("On Mon, May 04, 2026 at 09:12:30AM +0200, Ada Okafor wrote:"));
  });

  it("keeps the client's date and time layout, and leaves out names, addresses, zones and verbs", () => {
    expect(attributionShape("On Tue, 4 Feb 2025 at 09:41, Pia Lund <pia@example.net> wrote:")).toBe(attributionShape("On Fri, 21 Nov 2025 at 17:03, Tom Berg opined:"));
    expect(attributionShape("On 2/4/25 9:41 AM, Pia Lund wrote:")).toBe(attributionShape("On 11/21/25 5:03 PM, Tom Berg wrote:"));
    expect(attributionShape("On Tue, Feb 04, 2025 at 09:41:12AM +0100, Pia Lund wrote:")).toBe(attributionShape("On Fri, Nov 21, 2025 at 05:03:59PM -0800, Tom Berg wrote:"));
    expect(attributionShape("On 2025-02-04 09:41, Pia Lund wrote:")).not.toBe(attributionShape("On Tue, 4 Feb 2025 at 09:41, Pia Lund wrote:"));
    expect(attributionShape("Pia Lund wrote")).toBeNull();
    // A bare address stands where a client had no name: it is whom the line quotes, as a name is.
    expect(attributionShape("On 2/4/25 9:41 AM, pia42@example.net wrote:")).toBe(attributionShape("On 11/21/25 5:03 PM, Tom Berg wrote:"));
  });
});

describe("a writer following up on their own message", () => {
  // The attribution at each depth is its writer's: Ada's client writes `On …, at … AM Name <addr> wrote:`,
  // Bo's `On … at …AM +0200, Name wrote:`. The turns alone (Ada, Bo, Ada below the top) name Bo.
  const followUp = (top: string): string =>
    [
      top,
      "",
      "On Tue, May 5, 2026 at 8:02 AM Ada Okafor <ada@example.org> wrote:",
      ">",
      "> On Mon, May 4, 2026 at 6:40 PM Bo Lindqvist <bo.l@example.com> wrote:",
      "> > On Mon, May 04, 2026 at 09:12:30AM +0200, Ada Okafor wrote:",
      "> > > The frobnicator leaks a buffer when the queue is torn down early.",
      "> >",
      "> > Where is it allocated?",
      ">",
      "> In frob_start, before the queue has an owner.",
    ].join("\n");

  it("is named by the client that wrote their attribution, not by the turns", () => {
    expect(topSpeaker(readMail(followUp("Forgot to add: the leak only shows with two queues.")))?.name).toBe("Ada Okafor");
  });

  it("stays the one the turns name when their attribution has the other writer's shape", () => {
    const answer = followUp("Then free it in frob_stop.").replace("On Tue, May 5, 2026 at 8:02 AM Ada Okafor <ada@example.org> wrote:", "On Tue, May 05, 2026 at 08:02:11AM +0200, Ada Okafor wrote:");
    expect(topSpeaker(readMail(answer))?.name).toBe("Bo Lindqvist");
  });

  it("names a writer answering themselves twice with one client, however alike the clients", () => {
    const pings = [
      "Any news on this?", "", "On Wed, May 6, 2026 at 7:30 AM Ada Okafor <ada@example.org> wrote:", "> Gentle ping.", ">", "> On Tue, May 5, 2026 at 9:12 AM Ada Okafor <ada@example.org> wrote:", ">> Ping?", ">>", ">> On Mon, May 4, 2026 at 9:12 AM Ada Okafor <ada@example.org> wrote:", ">>> The frobnicator leaks a buffer when the queue is torn down early.",
    ];
    expect(topSpeaker(readMail(pings.join("\n")))?.name).toBe("Ada Okafor");
  });

  it("names nobody from one writer's client alone when nothing tells two writers' clients apart", () => {
    const answer = ["Then free it in frob_stop.", "", "On Tue, May 5, 2026 at 8:02 AM Ada Okafor <ada@example.org> wrote:", "> In frob_start, before the queue has an owner.", ">", "> On Mon, May 4, 2026 at 6:40 PM Bo Lindqvist <bo.l@example.com> wrote:", ">> Where is it allocated?"];
    expect(topSpeaker(readMail(answer.join("\n")))?.name).not.toBe("Ada Okafor");
  });

  it("names them from one attribution of a client few write with", () => {
    // notmuch's `On Tue, May 05 2026, …` is in a few percent of list replies, Gmail's in a fifth.
    const answer = ["The change for the queue looks good; here is the fix for the timer too.", "", "On Tue, May 05 2026, Ada Okafor <ada@example.org> wrote:", "> In frob_start, before the queue has an owner.", ">", "> On Mon, May 04 2026, Bo Lindqvist <bo.l@example.com> wrote:", ">> Where is it allocated?"];
    expect(topSpeaker(readMail(answer.join("\n")))?.name).toBe("Ada Okafor");
  });
});

describe("how many bodies hold each attribution shape", () => {
  const gmail = (name: string): string => `On Mon, May 4, 2026 at 9:12 AM ${name} <x@example.org> wrote:\n> Where is it allocated?\n\nIn frob_start.`;

  it("is counted with the line transitions, once a body, and kept apart from them", () => {
    const bodies = [gmail("Ada Okafor"), gmail("Bo Lindqvist"), `${gmail("Cy Ng")}\n\n${gmail("Cy Ng")}`, "No quote at all."];
    const counts = countTransitions(bodies);
    const model = new LineModel(counts);
    const shape = attributionShape("On Fri, Jan 16, 2026 at 11:40 PM Bo Lindqvist wrote:") ?? "";
    expect(model.shapeShare(shape)).toBe(3 / 4);
    expect(model.shapeShare(attributionShape("On Mon, May 04 2026, Bo Lindqvist wrote:") ?? "")).toBe(0);
    // The shape counts change no transition's cost.
    const transitions = Object.fromEntries(Object.entries(counts).filter(([key]) => !key.startsWith("#")));
    expect(model.cost({ depth: 0, text: "On Mon, May 4, 2026 at 9:12 AM Ada Okafor <x@example.org> wrote:" }, [], 1, "Where is it allocated?")).toBe(
      new LineModel(transitions).cost({ depth: 0, text: "On Mon, May 4, 2026 at 9:12 AM Ada Okafor <x@example.org> wrote:" }, [], 1, "Where is it allocated?"),
    );
  });

  it("reads a wrapped attribution's date from the line above its name", () => {
    const wrapped = "On Thu, 9 Mar 2023 10:12:43 +0100\nBoris Brezillon <boris@example.com> wrote:\n> Ok.\n\nFine.";
    const model = new LineModel(countTransitions([wrapped]));
    expect(model.shapeShare(attributionShape("On Fri, 17 Feb 2023 14:44:06 +0100 Danilo Krummrich <dakr@example.com> wrote:") ?? "")).toBe(1);
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

  it("takes no name from the greeting with which the level between answers the one quoted twice, where the clients rule the turns out", () => {
    const greeting = paste("On 2025-02-04 09:05, Nils Ek wrote:").replace("> Only when", "> Hi Ingrid,\n>\n> Only when");
    expect(speakerAt(readMail(greeting), 0)?.known).toBe(false);
    const oneClient = paste("On Tue, 4 Feb 2025 at 09:05, Nils Ek <nils@example.org> wrote:").replace("> Only when", "> Hi Ingrid,\n>\n> Only when");
    expect(speakerAt(readMail(oneClient), 0)?.name).toBe("Ingrid Holm");
  });
});
