import { describe, expect, it } from "vitest";
import { attributionShape } from "../core/readers/mail/client-shapes.js";
import { readMail } from "../core/readers/mail/read-mail.js";
import { topSpeaker } from "./support/speaker-at.js";

describe("the shape of an attribution as a mail client writes it", () => {
  it("is the same for two lines of one client, whoever they name and whenever", () => {
    expect(attributionShape("On Mon, May 4, 2026 at 9:12 AM Ada Okafor <ada@example.org> wrote:")).toBe(attributionShape("On Fri, Jan 16, 2026 at 11:40 PM Bo Lindqvist <bo.l@example.com> wrote:"));
  });

  it("differs between clients", () => {
    expect(attributionShape("On Mon, May 4, 2026 at 9:12 AM Ada Okafor <ada@example.org> wrote:")).not.toBe(attributionShape("On Mon, May 04, 2026 at 09:12:30AM +0200, Ada Okafor wrote:"));
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
});
