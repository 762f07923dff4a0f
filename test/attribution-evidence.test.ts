import { describe, expect, it, vi } from "vitest";
import { attributionByEvidence } from "../core/readers/mail/attribution-evidence.js";
import { parseAttribution } from "../core/readers/mail/attribution.js";
import { isDateWord } from "../core/readers/mail/dates.js";
import { readMail } from "../core/readers/mail/read-mail.js";
import type { Thread } from "../core/thread/model.js";

/** The name of the speaker whose content segment holds `words`. */
function writerOf(thread: Thread, words: string): string | undefined {
  const segment = thread.segments.find((s) => s.role === "content" && s.text.includes(words));
  return thread.speakers.find((s) => s.id === segment?.speaker)?.name;
}

/** A reply by Ada Quill quoting one paragraph under the given attribution line(s). */
const reply = (attribution: string): string =>
  ["Agreed, let us merge it.", "", "Ada", "", attribution, "> The lock must be taken before the queue is walked.", ""].join("\n");

describe("attribution lines no pattern knows, found by what they hold", () => {
  it.each([
    ["Traditional Chinese webmail", "Orin Vale <orin@example.org> 於 2024年3月5日 週二 下午3:10寫道：", "Orin Vale"],
    ["Simplified Chinese with a full-width comma", "2024年3月5日 15:10，Orin Vale <orin@example.org> 写道：", "Orin Vale"],
    ["Chinese client with the date first", "在 2023/06/13 20:25, Orin Vale 写道:", "Orin Vale"],
    ["a verb before a date", "Orin Vale kirjoitti 2019-10-29 22:28:", "Orin Vale"],
    ["an unknown verb", "On 12 Mar 2021, Orin Vale told this:", "Orin Vale"],
    ["a custom attribution", "Orin Vale composed on 2020-02-28 12:38 (UTC-0500):", "Orin Vale"],
    ["a Greek attribution", "Στις 2021-03-26 17:26, Orin Vale έγραψε:", "Orin Vale"],
    ["a Chinese name before the address, with `已写`", "在 2023/06/13 20:25, 柳青 <liu@example.org> 已写:", "柳青"],
    ["a Chinese name right after `在`", "在 柳青 <liu@example.org> 已写:", "柳青"],
    ["a traditional Chinese name before `寫道`, with no address", "在 2023年6月13日 下午8:25, 柳青 寫道：", "柳青"],
    ["Gnus' `It was <date>, when Name wrote:`", "It was <2022-04-09 sob 18:05>, when Orin Vale wrote:", "Orin Vale"],
  ])("%s", (_, line, name) => {
    expect(writerOf(readMail(reply(line)), "lock must be taken")).toBe(name);
  });

  it("reads GroupWise's wrapped `>>> Name <addr> schrieb am ... in` / `Nachricht <id>:`", () => {
    const text = [
      "That matches what I see.",
      "",
      ">>> Orin Vale <orin@example.org> schrieb am 01.02.2023 um 10:11 in",
      "Nachricht <abc123@mail.example.org>:",
      "> The lock must be taken before the queue is walked.",
      "",
    ].join("\n");
    const thread = readMail(text);
    expect(writerOf(thread, "lock must be taken")).toBe("Orin Vale");
    expect(thread.speakers.map((s) => s.name)).not.toContain("Nachricht");
  });

  it("drops the list a DMARC rewrite adds (`Name via list-name wrote:`)", () => {
    expect(parseAttribution("On 15/10/2020 19:05, Orin Vale via some-devel wrote:")?.name).toBe("Orin Vale");
    // Wrapped at the list name's hyphen and joined again.
    expect(parseAttribution("On Monday, 4 May 2023 11:38:11 CEST Orin Vale via some- devel wrote:")?.name).toBe("Orin Vale");
  });

  it("leaves the quote unnamed when the line only mentions someone (unknown beats wrong)", () => {
    const thread = readMail(reply("Then on Monday 3 June 2020 I wrote to Sam Smith:"));
    expect(writerOf(thread, "lock must be taken")).not.toBe("Sam Smith");
    expect(attributionByEvidence("Then on Monday 3 June 2020 I wrote to Sam Smith:", [])).toBeNull();
    // Only the name right before the closing reply verb is its subject: one further back is someone the text is about.
    expect(attributionByEvidence("Last year at 10:30 I asked Sam Smith what he wrote:", [])).toBeNull();
  });

  it("takes no name from a line with a date and nothing that reads as a writer", () => {
    expect(attributionByEvidence("2020-10-01 11:09 MST:", [])).toBeNull();
    expect(attributionByEvidence("Am Sonntag, 14. März 2021, 12:16:11 CET schrieben Sie:", [])).toBeNull();
  });

  it("prefers the name the paste already knows", () => {
    expect(attributionByEvidence("Orin 写道 2024/3/5 15:10:", ["Orin"])?.name).toBe("Orin");
    expect(attributionByEvidence("Orin 写道 2024/3/5 15:10:", [])).toBeNull();
  });

  it("keeps a caseless name written with a space whole, and leaves out the `在` that opens the line", () => {
    expect(attributionByEvidence("山田 太郎 <yamada@example.org> 写道:", [])?.name).toBe("山田 太郎");
    expect(attributionByEvidence("在 柳青 <liu@example.org> 已写:", [])?.name).toBe("柳青");
  });
});

describe("date words from Intl", () => {
  it("knows month and weekday names of locales no one listed, and the longer English abbreviations", () => {
    for (const word of ["tis", "mars", "週五", "下午", "kesäkuuta", "Tues", "Thurs", "Sept", "Mo."]) expect(isDateWord(word), word).toBe(true);
    for (const word of ["Peter", "wrote", "Howells"]) expect(isDateWord(word), word).toBe(false);
  });

  it("strips a date in a language the patterns never listed", () => {
    expect(parseAttribution("On tis 5 mars 2024 10:11, Bo Ekdal wrote:")?.name).toBe("Bo Ekdal");
    expect(parseAttribution("On 3/6/2020 Don Marsh wrote:")?.name).toBe("Don Marsh");
  });

  it("are read from the list taken from Intl beforehand, not asked of ICU locale by locale in the parsing process", async () => {
    // ICU keeps every locale's data it loads until the process ends: tens of MB for all of them.
    vi.resetModules();
    const supported = vi.spyOn(Intl.DateTimeFormat, "supportedLocalesOf");
    try {
      const fresh = await import("../core/readers/mail/dates.js");
      expect(fresh.isDateWord("kesäkuuta")).toBe(true);
      expect(supported).not.toHaveBeenCalled();
    } finally {
      supported.mockRestore();
    }
  });
});

describe("the name slot between a dated lead and a reply verb", () => {
  it("takes lowercase names whose words are also small words", () => {
    expect(parseAttribution("On 7/26/19 4:38 PM, will quarrie wrote:")?.name).toBe("will quarrie");
    expect(parseAttribution("On Mon, Jul 1, 2019 at 3:00 PM may orlo <may@example.org> wrote:")?.name).toBe("may orlo");
    expect(parseAttribution("On 2019-07-01 12:00, tamsin he wrote:")?.name).toBe("tamsin he");
    // A given name and a lowercase family name; a family name opening lowercase, as some are spelled.
    expect(parseAttribution("On 24/04/2020 10:28, Tamsin orlo wrote:")?.name).toBe("Tamsin orlo");
    expect(parseAttribution("On Thu, Oct 03, 2019 at 09:49:14AM +0100, Orin Vale - QA admin wrote:")?.name).toBe("Orin Vale - QA admin");
    expect(parseAttribution("On Fri, May 22, 2020 at 04:23:55PM -0700, Orin deVale wrote:")?.name).toBe("Orin deVale");
  });

  it("still names no one for a pronoun, a phrase, or small words alone", () => {
    for (const line of [
      "On 7/26/19 4:38 PM, you wrote:",
      "On 7/26/19 4:38 PM, I wrote:",
      "On 7/26/19, my colleague wrote:",
      "On 7/26/19 4:38 PM, will wrote:",
      "On Monday, as orlo wrote:",
      "On 5/31/24 10:39 AM, Some regression tracking (Orin Vale) wrote:",
    ])
      expect(parseAttribution(line)?.name ?? null, line).toBeNull();
  });
});

describe("dates before the name slot", () => {
  it.each([
    ["a day, month and year joined by hyphens", "On 16-Nov-2020, at 11:43 AM, Orin Vale <orin@example.org> wrote:"],
    ["a short zone offset", "On Sun May 11, 2025 at 5:44 PM -03, Orin Vale wrote:"],
    ["a CJK meridiem run into the time", "On 2020/12/15 上午5:49, Orin Vale wrote:"],
  ])("%s", (_, line) => {
    expect(parseAttribution(line)?.name).toBe("Orin Vale");
  });

  it("keeps a hyphenated name that only looks like date words", () => {
    expect(parseAttribution("On 7/1/19 3:00 PM, May-Lin Oh wrote:")?.name).toBe("May-Lin Oh");
  });
});
