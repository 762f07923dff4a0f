import { describe, expect, it } from "vitest";
import { danglingAttribution, parseAttribution } from "../core/readers/mail/attribution.js";
import { readMail } from "../core/readers/mail/read-mail.js";
import { namesAt } from "./support/labelled.js";

describe("parseAttribution", () => {
  it.each([
    ["On Tue, Jul 6, 2021 at 4:23 PM Jason Gunthorpe <jgg@xxxxxxxx> wrote:", "Jason Gunthorpe", "jgg@xxxxxxxx"],
    ["On Tue, Jul 06, 2021 at 12:36:51PM +0200, Daniel Vetter wrote:", "Daniel Vetter", null],
    ["On 8 Jul 2021, at 20:52, Jason Gunthorpe <jgg@nvidia.com> wrote:", "Jason Gunthorpe", "jgg@nvidia.com"],
    ["On 27/08/2020 15:20, Håkon Bugge wrote:", "Håkon Bugge", null],
    ["Am 22.06.21 um 14:01 schrieb Jason Gunthorpe:", "Jason Gunthorpe", null],
    ["Am 01.01.05 um 00:02 schrieb Amélie Abernathy:", "Amélie Abernathy", null],
    ["Jason Gunthorpe <jgg@nvidia.com> writes:", "Jason Gunthorpe", "jgg@nvidia.com"],
    // Web-archive attributions put a zone with an offset before the name; it is no part of it.
    ["On Friday, March 3, 2017 at 9:05:11 AM UTC-5 Pella Quist wrote:", "Pella Quist", null],
    ["On Friday, March 3, 2017 at 9:05:11 AM UTC+10 qui...@example.net wrote:", null, "qui...@example.net"],
    // A bare `UTC` before the comma is the time's zone, and an initial after the time opens the name.
    ["On Tue May 7, 2024 at 4:16 PM UTC, Pella Quist wrote:", "Pella Quist", null],
    ["On 03/07/2020 04:40, H. Tilda Brennan wrote:", "H. Tilda Brennan", null],
    // A nickname led by `The` is a display name.
    ["On Monday, 6 March 2017 at 22:10:04 UTC+1 The Night-Owl wrote:", "The Night-Owl", null],
    ["* Dr. David Alan Gilbert (linux@treblig.org) wrote:", "Dr. David Alan Gilbert", "linux@treblig.org"],
    ["* Rocco Rutte <pdmef@gmx.net>:", "Rocco Rutte", "pdmef@gmx.net"],
    ["On Wed, Oct 07, 2020 at 01:09:55PM +0000, Saleem, Shiraz wrote:", "Shiraz Saleem", null],
    ["Pierre-Elliott Bécue <peb@debian.org> wrote on 12/06/2024 at 18:47:36+0200:", "Pierre-Elliott Bécue", "peb@debian.org"],
    ["Le 17/05/2022 à 20:03, Christophe JAILLET a écrit :", "Christophe JAILLET", null],
    ["Galen Charlton a écrit :", "Galen Charlton", null],
    ["2021年9月14日(火) 4:23 Daniel Vetter <daniel@ffwll.ch>:", "Daniel Vetter", "daniel@ffwll.ch"],
    ["On Nov 17 Uwe Kleine-König wrote:", "Uwe Kleine-König", null],
    ["On Thu 15-08-19 15:26:22, Jan Kara wrote:", "Jan Kara", null],
    // A given name that is also a month in some locale, or the leading part of one, after the weekday's comma.
    ["On Tuesday, Marc Smith wrote:", "Marc Smith", null],
    ["On Mon, Augusto Lima <al@example.org> wrote:", "Augusto Lima", "al@example.org"],
    // Without a comma: a date has a weekday and a month at most, so a third such word opens the name.
    ["On Tue 3 Mar Julio Perez wrote:", "Julio Perez", null],
    ["On Monday 3 March Juni Weber wrote:", "Juni Weber", null],
    ["On Tue, 16 Nov 2010 23:22:58 +0000 Mark Brown wrote:", "Mark Brown", null],
    // Zoho draws dashes round its attribution.
    ["---- On Tue, 07 Apr 2026 09:14:02 +0200  Tilda Brennan <tilda@example.org> wrote --- ", "Tilda Brennan", "tilda@example.org"],
    // Traditional Chinese (Gmail, Taiwan).
    ["Osman Kadri <osman@example.net> 於 2026年4月7日 週二 上午9:14寫道：", "Osman Kadri", "osman@example.net"],
    // KMail's German `you wrote`: the reader, whom the line does not name.
    ["Am Dienstag, 7. April 2026, 09:14:02 CEST schrieben Sie:", null, null],
    ["On Mon, May 15, 2017 at 10:37 PM, Susmit Shukla <shukla.susmit@gmail.com wrote:", "Susmit Shukla", "shukla.susmit@gmail.com"],
    ["On Tuesday, August 22, 2017 5:10 PM, Mike Smith <m@x.com> wrote:", "Mike Smith", "m@x.com"],
    ["Quoting Steve French <smfrench@gmail.com>:", "Steve French", "smfrench@gmail.com"],
    // Apple Mail's Japanese form, which it writes inside the quote it introduces.
    ["2020/08/06 1:38、Osman Kadri <osman@example.net>のメール:", "Osman Kadri", "osman@example.net"],
    // alot writes no colon, the time it quotes in brackets.
    ["Quoting Stefan Borg (2019-11-08 05:42:33)", "Stefan Borg", null],
    ["On Tue, Jul 6, 2021 at 4:23 PM Jason Gunthorpe <jgg at nvidia.com> wrote:", "Jason Gunthorpe", "jgg@nvidia.com"],
    ["In message <20100805.123456@example.org> you wrote:", null, null],
    ["Bob Stone <bob@x.org> hat am 24.11.2020 10:00 geschrieben:", "Bob Stone", "bob@x.org"],
    ["El mar, 24 nov 2020 a las 10:00, Bob Stone (<bob@x.org>) escribió:", "Bob Stone", "bob@x.org"],
    ["Il giorno mar 24 nov 2020 alle ore 10:00 Bob Stone <bob@x.org> ha scritto:", "Bob Stone", "bob@x.org"],
    ["Em ter., 24 de nov. de 2020 às 10:00, Bob Stone <bob@x.org> escreveu:", "Bob Stone", "bob@x.org"],
    ["Dne 24. 11. 2020 v 10:00 Bob Stone napsal(a):", "Bob Stone", null],
    ["Bob Stone <bob@x.org> 于2020年11月24日周二 上午10:00写道：", "Bob Stone", "bob@x.org"],
    // An ISO 8601 timestamp, and a date in brackets.
    ["At 2021-09-15T21:42:26+0200, Oswin Tarrant wrote:", "Oswin Tarrant", null],
    ["On (03/09/19 16:26), Oswin Tarrant wrote:", "Oswin Tarrant", null],
    // After a date, capitalised small words (`Will`, `He`) are a name's.
    ["On 4/11/19 6:26 PM, Will Ormond wrote:", "Will Ormond", null],
    // A time whose meridiem is one letter (`11:13P`), then the name on the attribution's second line.
    ["On Tue, May 30 2023 at 11:13P -0400, Oswin Tarrant <ot@example.org> wrote:", "Oswin Tarrant", "ot@example.org"],
    ["On Fri, 2022-07-22 at 07:45 +0800, Mei He wrote:", "Mei He", null],
    // A list's DMARC rewrite (`Name via list`) keeps the display name as its owner typed it, lowercase words and all.
    ["On Tue, 3 May 2021 at 10:02, Oswin delacroix via fenland-devel wrote:", "Oswin delacroix", null],
    // A list that adds its host's name to the rewrite.
    ["On 09/08/21 00:18, Oswin Tarrant via fenland-l at The Fen Group wrote:", "Oswin Tarrant", null],
    // A stray closing quote after the time zone.
    ["On Mon, Jun 13, 2022 at 07:30:22PM +0100\u201d, Oswin Tarrant wrote:", "Oswin Tarrant", null],
    // Apple Mail in Chinese: the date first, a full-width comma, then the name.
    ["2020年11月24日 10:00，Bob Stone <bob@x.org> 写道：", "Bob Stone", "bob@x.org"],
    ["2020년 11월 24일 (화) 오전 10:00, Bob Stone <bob@x.org>님이 작성:", "Bob Stone", "bob@x.org"],
    ["ti 24. marrask. 2020 klo 10.00 Bob Stone (bob@x.org) kirjoitti:", "Bob Stone", "bob@x.org"],
    ["В вт, 24 нояб. 2020 г. в 10:00, Боб Стоун <bob@x.org> написал:", "Боб Стоун", "bob@x.org"],
    // Names that look like days or months, right after the time.
    ["On Tue, Jul 6, 2021 at 4:23 PM Sam Smith <sam@x.org> wrote:", "Sam Smith", "sam@x.org"],
    ["On Tue, Jul 6, 2021 at 4:23 PM Ma Jun <ma@x.org> wrote:", "Ma Jun", "ma@x.org"],
    ["On 7/6/21 4:23 PM, Mar Ruiz wrote:", "Mar Ruiz", null],
  ])("%s", (line, name, email) => {
    expect(parseAttribution(line)).toMatchObject({ name, email });
  });

  it.each(["As I wrote:", "I think he wrote:", "Here is the list:", "Then experiment with:", "Quoting from the earlier change log:", "quoting the manual page:"])(
    "rejects prose: %s",
    (line) => {
      expect(parseAttribution(line)).toBeNull();
    },
  );

  it("reads Apple Mail's Japanese attribution inside a quote as naming the quoted text at its own depth", () => {
    const paste = ["> 2020/08/06 1:38、Osman Kadri <osman@example.net>のメール:", ">", "> If the bridge is a module, the build fails.", "", "Thanks, I will fix it."].join("\n");
    expect(namesAt(paste, "build fails")).toEqual(["Osman Kadri"]);
  });

  it("reads alot's `Quoting Name (time)` above a quote as its attribution, and prose ending in brackets as none", () => {
    const paste = (line: string): string => [line, "> The cache is flushed twice.", "", "Because the queue restarts."].join("\n");
    expect(namesAt(paste("Quoting Stefan Borg (2019-11-08 05:42:33)"), "flushed")).toEqual(["Stefan Borg"]);
    expect(parseAttribution("Quoting the manual (section 2.1)")).toBeNull();
    expect(parseAttribution("Stefan Borg (2019-11-08 05:42:33)")).toBeNull();
  });

  it("keeps a quote's writer across a line that quotes a text, not a person", () => {
    const paste = ["On Fri, 2020-07-17 at 13:41 +0200, Ada Okafor wrote:", "> The queue drains too late, so arm the timer later.", ">", "> Quoting from the earlier change log:", ">", '> "The timer fires before the queue is drained."', "", "Looks fine to me."].join("\n");
    const thread = readMail(paste);
    const quoted = thread.segments.filter((s) => s.depth === 1 && s.role === "content");
    expect(quoted.map((s) => thread.speakers.find((p) => p.id === s.speaker)?.name)).toEqual(["Ada Okafor"]);
  });

  it("answers a line asked again as it did the first time, whatever a caller did with that answer", () => {
    const line = "On Mon, 2 Feb 2026 at 10:15, Quentin Marlowe <qm@example.net> wrote:";
    const first = parseAttribution(line);
    expect(first).toEqual({ name: "Quentin Marlowe", email: "qm@example.net", strength: "strong" });
    if (first !== null) first.name = "someone else";
    expect(parseAttribution(line)).toEqual({ name: "Quentin Marlowe", email: "qm@example.net", strength: "strong" });
  });
});

describe("danglingAttribution", () => {
  it.each([
    ["On Wed, Apr 8, 2026 at 7:41 AM Tilda Brennan", "Tilda Brennan"],
    ["On Thu, 2026-04-09 at 10:02 +0200, Osman Kadri via build-list", "Osman Kadri"],
    ["On Mon, 06 Apr 2026 16:20:11 +0100", null],
  ])("reads %s, an attribution whose `Name wrote:` was cut, as one", (line, name) => {
    expect(danglingAttribution(line)?.name ?? null).toBe(name);
  });

  it.each(["On Monday at 10:30 we met the vendor", "On x86 at 12:00 the clock drifts", "On Fri, May 1 at 9:00 AM. Bring the logs", "Once 3:00 comes round Tilda Brennan"])(
    "leaves prose alone: %s",
    (line) => {
      expect(danglingAttribution(line)).toBeNull();
    },
  );
});

describe("an attribution wrapped after a list's `via`, a blank line before the list's name and verb", () => {
  it("names the writer of the quote below it, not the list", () => {
    const paste = [
      "On Tue, 7 Apr 2026 09:12:40 CEST Osman Kadri via",
      "",
      "build-list wrote:",
      "> The nightly job fails only on the arm runners since the toolchain bump.",
      "",
      "It is the linker flag; I will send a fix.",
    ].join("\n");
    const thread = readMail(paste);
    const quote = thread.segments.find((s) => s.depth === 1 && s.role === "content");
    expect(thread.speakers.find((s) => s.id === quote?.speaker)?.name).toBe("Osman Kadri");
    expect(thread.segments.filter((s) => s.role === "attribution").map((s) => s.text.replace(/\s+/gu, " "))).toEqual(["On Tue, 7 Apr 2026 09:12:40 CEST Osman Kadri via build-list wrote:"]);
  });

  it("leaves a line ending on `via` alone when no list name and verb follow", () => {
    const paste = ["On Tue, 7 Apr 2026 09:12:40 CEST Osman Kadri via", "", "> The nightly job fails only on the arm runners."].join("\n");
    expect(readMail(paste).segments.some((s) => s.role === "attribution")).toBe(false);
  });
});

describe("an attribution wrapped inside its address", () => {
  it("reads the address whole, so the quote's writer is the one another attribution names by it", () => {
    const paste = [
      "On Thu, 9 Apr 2026 at 10:02, Tomasz Wiercinski <t.wiercinski@example.com> wrote:",
      "> Thanks, the second patch fixes it here too.",
      ">",
      "> Il giorno mer 8 apr 2026 alle ore 18:40 <tomasz.wiercinski-lists@example.co",
      "> m> ha scritto:",
      "> > The probe fails on the second controller after a warm reboot.",
      "",
      "Good to hear, I will queue both.",
    ].join("\n");
    const thread = readMail(paste);
    const quote = thread.segments.find((s) => s.depth === 2 && s.role === "content");
    expect(thread.speakers.find((s) => s.id === quote?.speaker)?.email).toBe("tomasz.wiercinski-lists@example.com");
  });

  it("reads it whole when the wrap cut it twice, after a full stop and again", () => {
    const paste = [
      "On Sun, 2026-04-12 at 09:30 +0200, Ines Varga wrote:",
      "> That camera is on the list since last year.",
      ">",
      "> Ines",
      ">",
      "> Il giorno sab 11 apr 2026 alle ore 21:14 <bruno.ferreira.home@example.",
      "> co",
      "> m> ha scritto:",
      "> > My laptop's camera shows only a black picture in every program.",
      "",
      "Then the module is at fault, not the driver.",
    ].join("\n");
    const thread = readMail(paste);
    const quote = thread.segments.find((s) => s.depth === 2 && s.role === "content");
    expect(thread.speakers.find((s) => s.id === quote?.speaker)?.email).toBe("bruno.ferreira.home@example.com");
  });
});

describe("a stack of attributions, one a depth", () => {
  /** Each content line's depth and the name of its writer. */
  const writers = (text: string): string[] => {
    const thread = readMail(text);
    const nameOf = new Map(thread.speakers.map((s) => [s.id, s.name]));
    return thread.segments.filter((s) => s.role === "content").map((s) => `${s.depth} ${nameOf.get(s.speaker ?? "") ?? "-"}`);
  };

  it("gives the text at the last line's own depth to the line above it: the quote the last one introduced was cut", () => {
    const text = [
      "Hello Ruth,",
      "",
      "On Mon, 3 May 2021 at 10:02, Ruth Okafor wrote:",
      "> On Sun, 2 May 2021 at 18:40, Tomas Lind <tomas@example.org> wrote:",
      ">> On Sat, 1 May 2021 at 09:15, Ruth Okafor <ruth@example.org> wrote:",
      ">> Would it help to move the lock out of the fast path entirely?",
      ">",
      "> Only if the slow path can live with the extra round trip.",
      "",
      "It can, the numbers from last week say so.",
    ].join("\n");
    expect(writers(text).filter((w) => !w.startsWith("0"))).toEqual(["2 Tomas Lind", "1 Ruth Okafor"]);
  });

  it("gives the text after an attribution at its own depth to the one holding that depth when the quote it introduced comes later, marked", () => {
    const text = [
      "Tomas Lind <tomas@example.org> writes:",
      "",
      "> Ruth,",
      ">",
      "> On Sun, 2 May 2021 at 18:40, Ruth Okafor wrote:",
      ">",
      "> Please name the helper with brackets, like frob().",
      "",
      "Fine, will do.",
      "",
      ">> The helper takes a range of the form [a, b) and hands it",
      ">> on to the checker.",
      ">",
      "> Why not the closed form?",
      "",
      "Because the checker wants the open one.",
    ].join("\n");
    expect(writers(text).filter((w) => !w.startsWith("0"))).toEqual(["1 Tomas Lind", "2 Ruth Okafor", "1 Tomas Lind"]);
  });

  it("keeps the text indented under the last line for the one it names (Gmail's quote by indentation)", () => {
    const text = [
      "On Mon, 3 May 2021 at 10:02, Ruth Okafor wrote:",
      "> On Sun, May 2, 2021, Tomas Lind <tomas@example.org> wrote:",
      ">",
      ">     Here is the second version of the lock rework, with the fast path split out.",
      ">",
      "",
      "Thanks, applied.",
    ].join("\n");
    expect(writers(text).filter((w) => !w.startsWith("0"))).toEqual(["1 Tomas Lind"]);
  });

  it("gives unindented text between the lines of an indented quote to the writer who answers it", () => {
    const text = [
      "On Mon, 3 May 2021 at 10:02, Ruth Okafor wrote:",
      "> On Sun, May 2, 2021, Tomas Lind <tomas@example.org> wrote:",
      ">",
      ">     Here is the second version of the lock rework, with the fast path split out.",
      ">",
      "> Does the slow path still take the lock twice?",
      ">",
      ">     It takes it once now, the retry loop went away.",
      "",
      "It does not, see the last hunk.",
    ].join("\n");
    expect(writers(text).filter((w) => !w.startsWith("0"))).toEqual(["1 Tomas Lind", "1 Ruth Okafor", "1 Tomas Lind"]);
  });

  it("gives the text after two attributions at one quoted depth to the first: its quote lost its markers", () => {
    const text = [
      "Thanks, that explains it.",
      "",
      "> On Tuesday, 4 May 2021, 09:12:40 GMT+2, Ruth Okafor <ruth@example.org> wrote:",
      "> On 5/3/21 6:30 PM, Tomas Lind wrote:",
      ">> The bearer refuses to come up after the upgrade.",
      "> Check whether a script sets the node address at boot.",
    ].join("\n");
    expect(writers(text).filter((w) => !w.startsWith("0"))).toEqual(["2 Tomas Lind", "1 Ruth Okafor"]);
  });

  it("reads an attribution whose line a reflowing client ended with the snip marker below it (wrote: <snip>)", () => {
    const text = [
      "On 9/14/2021 8:05 AM, Ruth Okafor wrote:",
      "> On 9/13/2021 5:40 PM, Tomas Lind wrote: <snip>",
      ">> Could the fan curve move into the firmware table instead?",
      "> Not without a new table revision, which the vendor has to sign.",
      "",
      "Then we keep it in the driver for now.",
    ].join("\n");
    expect(writers(text).filter((w) => !w.startsWith("0"))).toEqual(["2 Tomas Lind", "1 Ruth Okafor"]);
    expect(writers(text.replace("<snip>", "[...]")).filter((w) => !w.startsWith("0"))).toEqual(["2 Tomas Lind", "1 Ruth Okafor"]);
  });

  it("gives the text under Apple Mail's Chinese attribution to the writer it names: Apple writes it inside the quote", () => {
    const text = [
      "> 2021年5月4日 09:12，Ruth Okafor <ruth@example.org> 写道：",
      "> ",
      "> On 5/3/21 6:30 PM, Tomas Lind wrote:",
      ">> The bearer refuses to come up after the upgrade.",
      "> ",
      "> Check whether a script sets the node address at boot.",
      "",
      "Thanks, that explains it.",
    ].join("\n");
    expect(writers(text).filter((w) => !w.startsWith("0"))).toEqual(["2 Tomas Lind", "1 Ruth Okafor"]);
  });

  it("gives the text at an Apple attribution's depth to it when an Apple attribution one deeper opens its quote", () => {
    const text = [
      "Is the fix in a tree somewhere?",
      "",
      "> On 4 May 2021, at 09:12, Ruth Okafor <ruth@example.org> wrote:",
      "> ",
      ">> On 3 May 2021, at 18:30, Tomas Lind <tomas@example.org> wrote:",
      ">> ",
      ">> The bearer refuses to come up after the upgrade.",
      "> Check whether a script sets the node address at boot.",
    ].join("\n");
    expect(writers(text).filter((w) => !w.startsWith("0"))).toEqual(["2 Tomas Lind", "1 Ruth Okafor"]);
  });

  it("gives the text at an Apple attribution's depth to it when it opens the quote and the message it names opened on a deeper quote", () => {
    const text = [
      "> On 4 May 2021, at 09:12, Ruth Okafor <ruth@example.org> wrote:",
      "> ",
      ">>> The bearer refuses to come up after the upgrade.",
      ">> ",
      ">> Which firmware does the node run?",
      "> ",
      "> Check whether a script sets the node address at boot.",
      "",
      "That was it, thanks.",
    ].join("\n");
    expect(writers(text).filter((w) => w.startsWith("1"))).toEqual(["1 Ruth Okafor"]);
    // Written above the quote it introduces, under a line naming its own depth, it names the depth below.
    const above = ["On 5/4/21 10:00 AM, Tomas Lind wrote:", ...text.split("\n").slice(0, 2), ">> The bearer refuses to come up.", "> ", "> Check the boot script."].join("\n");
    expect(writers(above).filter((w) => !w.startsWith("0"))).toEqual(["2 Ruth Okafor", "1 Tomas Lind"]);
  });

  it("keeps two such attributions in the usual order when the deeper one introduces a quote deeper still", () => {
    const text = [
      "Is the fix in a tree somewhere?",
      "",
      "> On 4 May 2021, at 09:12, Ruth Okafor <ruth@example.org> wrote:",
      ">> On 3 May 2021, at 18:30, Tomas Lind <tomas@example.org> wrote:",
      ">>> The bearer refuses to come up after the upgrade.",
      ">> Check whether a script sets the node address at boot.",
    ].join("\n");
    expect(writers(text).filter((w) => !w.startsWith("0"))).toEqual(["3 Tomas Lind", "2 Ruth Okafor"]);
  });

  it("reads Fastmail's `On <weekday>, <date>, at <time>, Name wrote:` in a stack as the usual attribution, not Apple's", () => {
    const text = [
      "On Mon, 3 May 2021 at 10:02, Ruth Okafor wrote:",
      "> On Sun, May 2, 2021, at 6:40 PM, Tomas Lind wrote:",
      "> I cannot reproduce the hang with the patch applied.",
      "",
      "Then it is the firmware.",
    ].join("\n");
    expect(writers(text).filter((w) => !w.startsWith("0"))).toEqual(["1 Ruth Okafor"]);
  });
});

describe("an attribution whose quote opens two levels deeper", () => {
  const writers = (text: string): string[] => {
    const thread = readMail(text);
    const nameOf = new Map(thread.speakers.map((s) => [s.id, s.name]));
    return thread.segments.filter((s) => s.role === "content").map((s) => `${s.depth} ${nameOf.get(s.speaker ?? "") ?? "-"}`);
  };

  it("gives the quote to the writer it names when nothing in it stands one level deeper", () => {
    const text = [
      "Thanks, that helps.",
      "",
      "On Mon, 3 Mar 2025, Bo Lindqvist <bo@example.org> wrote:",
      "> > The queue is flushed twice when the watchdog fires.",
      "> >",
      "> > Is the second flush needed at all?",
      "",
      "I think it is, for the paused case.",
    ].join("\n");
    expect(writers(text).filter((w) => !w.startsWith("0"))).toEqual(["2 Bo Lindqvist"]);
  });

  it("leaves the deeper quote unnamed when the writer's own text follows one level deeper", () => {
    const text = [
      "On Mon, 3 Mar 2025, Bo Lindqvist <bo@example.org> wrote:",
      "> > The queue is flushed twice when the watchdog fires.",
      "> Only when it was paused first.",
      "",
      "I think it is, for the paused case.",
    ].join("\n");
    expect(writers(text).filter((w) => w.startsWith("2"))).not.toContain("2 Bo Lindqvist");
  });
});

describe("a top-level attribution with the replier's short aside before the marked quote", () => {
  it("names the quote's writer, and the aside and the rest are the signed replier's", () => {
    const paste = [
      "On Mon, 4 May 2026 10:02:11 +0200, Build Bot wrote:",
      "",
      "(Odd name for a person, isn't it?)",
      "",
      "> Why does the cache rebuild on every run of the test suite?",
      "",
      "Because the key holds the timestamp of the checkout.",
      "",
      "Regards,",
      "Lavinia",
    ].join("\n");
    const thread = readMail(paste);
    const name = (depth: number): string | undefined => {
      const seg = thread.segments.find((s) => s.depth === depth && s.role === "content");
      return thread.speakers.find((s) => s.id === seg?.speaker)?.name;
    };
    expect(name(0)).toBe("Lavinia");
    expect(name(1)).toBe("Build Bot");
  });

  it("keeps a longer unmarked text under the attribution as the named writer's", () => {
    const paste = [
      "On Mon, 4 May 2026 10:02:11 +0200, Petra Lind wrote:",
      "The cache rebuilds because its key holds the checkout's timestamp.",
      "Dropping the timestamp from the key fixes it on my machine.",
      "I will send the patch once the arm runners pass.",
      "> Why does the cache rebuild on every run of the test suite?",
    ].join("\n");
    const thread = readMail(paste);
    const seg = thread.segments.find((s) => s.depth === 0 && s.role === "content");
    expect(thread.speakers.find((s) => s.id === seg?.speaker)?.name).toBe("Petra Lind");
  });
});
