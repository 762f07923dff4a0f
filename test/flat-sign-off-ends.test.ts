import { describe, expect, it } from "vitest";
import { splits } from "../core/readers/mail/line-ends.js";
import { writerClosingAt } from "../core/readers/mail/writer-closing.js";
import { layoutOf } from "../core/readers/mail/paste-layouts.js";
import { defaultLineModel } from "../core/readers/mail/line-model.js";
import { labelMessage, readMail } from "../core/readers/mail/read-mail.js";
import { topSpeaker } from "./support/speaker-at.js";
import { flat } from "./support/flat-paste.js";
import { namesAt } from "./support/labelled.js";

describe("flattened sign-offs and signatures", () => {
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
    expect(namesAt(text, "nothing calls it")).toContain("Tobias");
  });

  it("reads a `--` in the text above a closing and a signature (`move on? -- Thanks! … Regards, -- Luca`) as a dash, and the signature's name as the writer's", () => {
    const text = flat([
      "On Mon, 2 Mar 2026, Nils Ek <nils@example.org> wrote:",
      "> Does the alarm fire on the new board?",
      "It does not, I tried twice. Any suggestions on how to move on? -- Thanks!",
      "[0] https://example.org/source/rtc.c#L676",
      "Regards,",
      "--",
      "Luca",
    ]);
    expect(namesAt(text, "tried twice")).toContain("Luca");
  });

  it("reads a three-word name on a flattened signature when its link spells the three together, not a company after two", () => {
    const quote = ["On Tue, 8 Oct 2024, Ola Berg <ola@example.org> wrote:", "> Did the resync finish on the new disks?"];
    const signature = (line: string): string => flat([...quote, "It did, in about four hours.", "--", line]);
    const family = signature("Ann Marie Lund (+47) 5550 1234 http://annmarielund.example/ GPG key: http://annmarielund.example/key.txt");
    expect(namesAt(family, "four hours")).toContain("Ann Marie Lund");
    const company = signature("Tim Lee Widgets (707) 555-0199 tim@widgets.example");
    expect(namesAt(company, "four hours")).toContain("Tim Lee");
    expect(namesAt(company, "four hours")).not.toContain("Tim Lee Widgets");
  });
  it("reads a flattened signature's name without the company acronym on the line under it", () => {
    const text = flat([
      "On Fri, 7 Feb 2025, Ola Berg <ola@example.org> wrote:",
      "> Move the table read into probe.",
      "Looks right to me, the clocks are up by then.",
      "thanks,",
      "--",
      "Ann Lee",
      "ACME",
    ]);
    expect(namesAt(text, "clocks are up")).toContain("Ann Lee");
    expect(namesAt(text, "clocks are up")).not.toContain("Ann Lee ACME");
  });
  it("names the writer by the signature's full name, not the lowercase handle signed above it", () => {
    const text = flat([
      "On Thu, 3 Apr 2025, Ola Berg <ola@example.org> wrote:",
      "> Could you push the fix for the old protocol too?",
      "oh, right, I keep forgetting the old code path. Pushed it as a follow-up.",
      "-kiwi",
      "--",
      "Ann Lee, Widget Team https://widgets.example/",
      "Widget Developer, Acme GmbH https://acme.example/en/",
      "GPG-Fingerprint 0123456789ABCDEF0123456789ABCDEF01234567",
    ]);
    expect(namesAt(text, "Pushed it")[0]).toBe("Ann Lee");
  });
  it("prices a quoted line running on from the quoted writer's name into an answer word as running on past a sentence", () => {
    // `> > Ola Yeah, I missed…`: the name stood on a quoted line of its own, the answer is the reply's.
    const wholeCost = (first: string): number => {
      const words = `${first} Yeah, I missed that race. I will move it after the request in v2.`.split(" ");
      return splits(words, layoutOf([66, 60]), defaultLineModel, false, false, false).find((s) => s.full)?.cost ?? 0;
    };
    expect(wholeCost("Ola")).toBeGreaterThan(wholeCost("and"));
  });
});

describe("a flattened reply signing under its own delimiter right after the quote", () => {
  it("reads a `--` opening the paste's last piece, with words after it, as the writer's signature", () => {
    // The quote ends with its writer's signature; each of its lines had a marker, the reply's have none.
    const text = flat([
      "On Sat, 20 Apr 2024 07:22:50 +0300 Ola Berg <ola@example.org> wrote:",
      "> Could the cache be shared between the two users?",
      "It can, once both ask for the same range of pages.",
      "> Then I will send it as it is.",
      "> --",
      "> Regards,",
      "> Ola.",
      ">",
      "--",
      "Tove Lind <tove@example.org>",
    ]);
    expect(namesAt(text, "same range")).toContain("Tove Lind");
  });
});

describe("flattened sign-offs whose name ran on into the words around it", () => {
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

  it("reads links under a `--` after a commit's title as a signature, not a dash in prose (`fix the probe -- https://…`)", () => {
    const text = flat([
      "Ola Berg <ola@example.org> wrote:",
      "> The probe ran before the clocks were up.",
      "",
      "Patch applied to tools-next.git, thanks.",
      "",
      "0a1b2c3d4e5f widget: fix the probe order",
      "",
      "-- ",
      "https://patches.example.org/patch/1234/",
      "https://wiki.example.org/howto/submitting",
    ]);
    expect(labelMessage(text).lines.find((l) => l.text.includes("patches.example.org"))?.role).toBe("signature");
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

  it("reads a long dash after the last sentence as a signature's delimiter, the name after its closing", () => {
    const text = flat([
      "On Mon, 4 Nov 2024, Ola Berg <ola@example.org> wrote:",
      "> Why not keep the old helper around for a while?",
      "Because nothing calls it after the switch, and the new one covers every case. Could you try it?",
      "—",
      "Sincerely,",
      "Tim Lee",
      "Senior Software Engineer, 389 Widget Server",
      "ACME Labs",
    ]);
    expect(namesAt(text, "nothing calls it")).toContain("Tim Lee");
  });

  it("keeps a long dash between clauses in the writer's text", () => {
    const text = flat([
      "On Mon, 4 Nov 2024, Ola Berg <ola@example.org> wrote:",
      "> Why not keep the old helper around for a while?",
      "Nothing calls it — Widget Server moved to the new one last year.",
      "Thanks, Tim",
    ]);
    const line = labelMessage(text).lines.find((l) => l.text.includes("Widget Server"));
    expect(line?.role).toBe("content");
    expect(line?.text).toContain("Nothing calls it");
  });
});

describe("flattened sign-offs where only structure tells the name from the text", () => {
  it("reads one name ending the paste right after a line of code as the writer's sign-off", () => {
    const text = flat([
      "On Tue, 4 Jul 2023, at 10:00, Bram Ketel wrote:",
      "> +config HAS_FAST_RESET",
      ">  def_bool y",
      "This breaks the build on two boards: the object list needs the new symbol too:",
      "-obj-$(CONFIG_FAST_RESET) += fast_reset.o",
      "+obj-$(CONFIG_FAST_RESET_CORE) += fast_reset.o reset_helper.o",
      "",
      "Ilse",
    ]);
    expect(namesAt(text, "breaks the build")).toContain("Ilse");
  });

  it("reads the name after a closing in a flattened signature when a stop ends it and more of the signature follows", () => {
    const text = flat([
      "On Mon, 4 Nov 2024, Ola Berg <ola@example.org> wrote:",
      "> Should the helper take the lock itself?",
      "No, the caller holds it already. Thx.",
      "-- ",
      "Regards/Gruss,",
      "    Ilse.",
      "",
      "Good mailing practices: avoid top-posting and trim the reply.",
    ]);
    expect(namesAt(text, "caller holds it")).toContain("Ilse");
  });

  it("reads a full name the paste gives in an attribution inside a flattened signature that opens with a motto", () => {
    const text = flat([
      "Ilse Berg composed on 2020-02-28 12:38 (UTC-0500):",
      "> Does this longer timeline help any?",
      "It was the adapter after all: the same failure with another card. https://bugs.example.org/992 filed.",
      "-- ",
      "A motto about gardens, not science.",
      "Team Foo ** User #1234 ** all good!",
      "",
      "Ilse Berg *** http://ilse.example.org/",
    ]);
    expect(namesAt(text, "adapter after all")).toContain("Ilse Berg");
  });
});

describe("a flattened sign-off right before an attribution that has no lead word", () => {
  const reply = (signer: string, quoted: string): string =>
    flat([
      "Hi all, just a reminder about this issue in case it got lost!",
      "Thank you,",
      signer,
      `${quoted} <bram@example.org> 於 2025年6月20日 週五 下午4:20寫道：`,
      "> Thanks! I can reproduce it too.",
    ]);

  it("reads the name after the closing as the writer's when the attribution still names someone in full", () => {
    const text = reply("Ilse", "Bram Ketel");
    expect(namesAt(text, "reminder")).toContain("Ilse");
    expect(namesAt(text, "reproduce")).toContain("Bram Ketel");
  });

  it("leaves the name to the attribution when one word of it would be left", () => {
    const text = flat(["Hi all, just a reminder about this issue in case it got lost!", "Thanks,", "Bram Ketel1 <bram@example.org> 於 2025年6月20日 週五 下午4:20寫道：", "> Thanks! I can reproduce it too."]);
    expect(namesAt(text, "reminder")).not.toContain("Bram");
  });
});

describe("flattened sign-offs: a name led by a dash or slashes, after a bare closing, or above a postscript", () => {
  const quote = ["On Wed, 2 Jul 2025, Ola Berg <ola@example.org> wrote:", "> Shall we keep the retry loop for the slow disks?"];

  it("reads a dash-led name after the writer's sign-off as the bottom quote's, not the writer's", () => {
    const text = flat([
      ...quote,
      "",
      "Is the limit fixed forever? A tunable might age better.",
      "",
      "Best Regards",
      "\tMarten",
      "",
      "> -Ola",
      ">",
      "> _______________________________________________",
      "> Bar-devel mailing list",
      "> https://lists.example.net/listinfo/bar-devel",
    ]);
    expect(namesAt(text, "tunable might")).toContain("Marten");
  });

  it("signs with a slash-led name ending the words after a list item", () => {
    const text = flat([...quote, "", "Could you split it into two patches?", "- keep the retry loop", "- drop the old timeout", "", "/Marten"]);
    expect(namesAt(text, "split it into")).toContain("Marten");
  });

  it("signs with a capitalised closing and a name after a line that ends on no stop, above the quoted message's headers", () => {
    const text = flat([
      "Ola",
      "I ran the retry loop on the slow disks overnight and saw no stalls",
      "Thanks",
      "Marten",
      "",
      "-----Original Message-----",
      "From: Ola Berg <ola@example.org>",
      "Sent: Wednesday, July 2, 2025 10:00 AM",
      "Subject: Re: retry loop",
      "",
      "Shall we keep the retry loop for the slow disks?",
    ]);
    expect(namesAt(text, "overnight")).toContain("Marten");
  });

  it("reads Outlook's Simplified Chinese separator as the quoted message's header, multiline or flattened", () => {
    const lines = ["Looks fine to me.", "", "-----邮件原件-----", "发件人: Ola Berg <ola@example.org>", "发送时间: 2025年7月2日 10:00", "主题: Re: retry loop", "", "Shall we keep the retry loop for the slow disks?"];
    for (const text of [lines.join("\n"), flat(lines)]) expect(labelMessage(text).lines.find((l) => l.text.includes("邮件原件"))?.role).toBe("header");
  });

  it("reads a `>` before a client's separator as the quote's marker: the name before it signs", () => {
    const text = flat([
      "Ola Thanks for checking Thanks Marten",
      "> -----邮件原件-----",
      "> 发件人: Ola Berg <ola@example.org>",
      "> 发送时间: 2025年7月2日 10:00",
      "> 主题: Re: retry loop",
      ">",
      "> Shall we keep the retry loop for the slow disks? I think we should keep it for now.",
    ]);
    expect(namesAt(text, "for checking")).toContain("Marten");
  });

  it("signs alone above a postscript", () => {
    const text = flat([...quote, "", "Yes, keep it; I will send a cleanup later (sorry for the delay).", "", "Marten", "", "PS Did anyone else miss the last digest? It never reached me."]);
    expect(namesAt(text, "cleanup later")).toContain("Marten");
  });
});

describe("flattened sign-offs followed by more than the name", () => {
  const quote = ["On Wed, 5 Mar 2025, Ola Berg <ola@example.org> wrote:", "> Should the table say which chain runs first?"];
  it("signs with a name ending on its full stop right before a postscript", () => {
    const text = flat([...quote, "", "Yes, I reworded it so the order is spelled out.", "", "Thanks,", "Kari.", "", "PS: the second version of the series follows shortly."]);
    expect(namesAt(text, "reworded it")).toContain("Kari");
  });

  it("reads the name above a dash and company block when a list footer under `--` follows", () => {
    const text = flat([
      ...quote,
      "It does now; the old wording hid that.",
      "Marten",
      "-",
      "Registered Office Mill Lane, Upton, AB1 2CD, UK Company No: 7654321 (England)",
      "--",
      "You received this message because you are subscribed to the Google Groups \"Widget Devel\" group.",
      "To unsubscribe from this group and stop receiving emails from it, send an email to widget-devel+unsubscribe@googlegroups.com.",
    ]);
    expect(namesAt(text, "old wording")).toContain("Marten");
  });

  it("signs with a four-word closing without its comma", () => {
    const text = flat([...quote, "", "Good point, I will look at what reads best there.", "Thanks for the review", "Kari", "", "______________", "widget-devel mailing list", "https://lists.example.org/listinfo/widget-devel"]);
    expect(namesAt(text, "reads best")).toContain("Kari");
  });
});

describe("a flattened reply closing with a reviewer's tag under the quote", () => {
  it("starts the writer's closing words at the trailers ending the last piece", () => {
    const at = (piece: string): number => writerClosingAt(piece.split(" "));
    // After the quoted patch's `---`, and after words of the writer's own.
    expect(at("--- Reviewed-by: Ann Lee <ann@example.org>")).toBe(1);
    expect(at("Fine by me. Acked-by: Ann Lee <ann@example.org> Tested-by: Ann Lee <ann@example.org>")).toBe(3);
    // Under a quoted trailer that had the marker: only the tags after it.
    expect(at("Signed-off-by: Bo Ek <bo@example.org> Acked-by: Ann Lee <ann@example.org>")).toBe(4);
    // Alone in the piece, the tag is the writer's; above the writer's sign-off it may be the quote's.
    expect(at("Acked-by: Ann Lee <ann@example.org>")).toBe(0);
    expect(at("Reviewed-by: Bo Ek <bo@example.org> Thanks, Ann")).toBe(4);
  });

  it("gives the tag under the quoted patch's `---` to the writer, not the patch's author", () => {
    const text = flat([
      "On Tue, 4 Mar 2025, Bo Ek <bo@example.org> wrote:",
      "> The fan table was read before the clocks were up; read it in probe instead.",
      ">",
      "> Signed-off-by: Bo Ek <bo@example.org>",
      "> ---",
      "Reviewed-by: Ann Lee <ann@example.org>",
    ]);
    expect(namesAt(text, "Reviewed-by")).toContain("Ann Lee");
  });

  it("signs with a full name above a patch's diffstat, whose `| 4 --` bar is no signature's delimiter", () => {
    const text = flat([
      "The widget driver has sat in staging for two years and is stable now: move it out.",
      "",
      "Signed-off-by: Ines Varga <ines@example.org>",
      "---",
      "changes since v1: rebased on the latest staging tree.",
      "",
      "Thanks,",
      "Ines Varga",
      " drivers/staging/widget/TODO | 4 --",
      " MAINTAINERS                 | 14 +++---",
      " 2 files changed, 10 insertions(+), 4 deletions(-)",
    ]);
    expect(namesAt(text, "stable now")).toContain("Ines Varga");
    expect(namesAt(text, "stable now")).not.toContain("MAINTAINERS");
  });
});
