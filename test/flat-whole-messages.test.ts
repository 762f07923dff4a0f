import { describe, expect, it } from "vitest";
import { readMail } from "../core/readers/mail/read-mail.js";
import { unflatten } from "../core/readers/mail/unflatten.js";
import { depthOf, flat } from "./support/flat-paste.js";
import { speakerAt, topSpeaker } from "./support/speaker-at.js";

/** The text of the segment of `thread` holding `needle`, with its depth and speaker's name. */
function segmentWith(text: string, needle: string): { depth: number; role: string; name: string | null } | undefined {
  const thread = readMail(text);
  const seg = thread.segments.find((s) => s.text.includes(needle));
  if (seg === undefined) return undefined;
  return { depth: seg.depth, role: seg.role, name: thread.speakers.find((s) => s.id === seg.speaker)?.name ?? null };
}

describe("flattened pastes: whole messages however short, in any script", () => {
  it("reads a short reply that lost its newlines as a reply above its quote", () => {
    const paste = flat(["Yes, merge it.", "", "Ana Lee wrote:", "> Shall we merge it today?"]);
    expect(paste.length).toBeLessThan(120);
    expect(depthOf(paste, "Shall we merge")).toBe(1);
    expect(speakerAt(readMail(paste), 1)?.name).toBe("Ana Lee");
  });

  it("cuts a Chinese attribution from the reply above it at the ideographic full stop", () => {
    const paste = flat(["好的，我明天再测试一下。", "", "在 2023/06/13 20:25, 李明 写道:", "> 这个补丁在 arm64 上编译失败了。", ">", "> 在 2023/06/12 18:00, 王伟 写道:", ">> 请帮忙 review 一下这个修改。"]);
    const lines = unflatten(paste, undefined, true) ?? [];
    expect(lines.find((l) => l.text.includes("好的"))?.text).toBe("好的，我明天再测试一下。");
    expect(segmentWith(paste, "好的")?.role).toBe("content");
    expect(segmentWith(paste, "编译失败")).toMatchObject({ depth: 1, name: "李明" });
    expect(segmentWith(paste, "请帮忙")).toMatchObject({ depth: 2, name: "王伟" });
  });

  it("cuts a dated Chinese attribution from a reply that ends on a name rather than a full stop", () => {
    const paste = flat(["我同意这个方案。", "不过测试需要再补充一下。", "", "谢谢，", "张强", "", "在 2024/03/02 15:10, 陈静 写道:", "> 我建议把配置解析移到单独的模块里。", "> 这样以后更容易维护。"]);
    expect(segmentWith(paste, "我同意")?.role).toBe("content");
    expect(segmentWith(paste, "我同意")?.depth).toBe(0);
    expect(segmentWith(paste, "陈静 写道")?.role).toBe("attribution");
    expect(segmentWith(paste, "配置解析")).toMatchObject({ depth: 1, name: "陈静" });
  });

  it("reads a name closing the paste as the quoted writer's sign-off when the first quote is theirs", () => {
    const paste = flat([
      "Agreed, ship it. I tested it on two boards and it works fine for me.",
      "",
      "On Mon, Jun 12, 2023 Ana Lee <ana@example.org> wrote:",
      "> Shall we merge it? I think it is ready now.",
      "> Ana",
    ]);
    expect(unflatten(paste, undefined, true)?.at(-1)).toMatchObject({ depth: 1, text: "Ana" });
    const thread = readMail(paste);
    expect(topSpeaker(thread)?.name ?? null).not.toBe("Ana Lee");
    expect(segmentWith(paste, "Agreed")?.name).not.toBe("Ana Lee");
  });

  it("still reads a name closing the paste as the writer's own when the quote is someone else's", () => {
    const paste = flat(["On Mon, Jun 12, 2023 Ana Lee <ana@example.org> wrote:", "> Shall we merge it? I think it is ready now and tested on two boards.", "", "Agreed, ship it.", "", "Bo"]);
    expect(segmentWith(paste, "Agreed")).toMatchObject({ depth: 0, name: "Bo" });
  });

  it("keeps GroupWise's attribution whole when its `>>>` might have quoted the name alone", () => {
    const paste = flat([
      ">>> Thomas Berger <t.berger@example.de> schrieb am 01.02.2023 um 10:11 in",
      "Nachricht <63DA2B1A.5060702@example.de>:",
      "> Das Update auf 15 SP4 hat bei uns den Cluster zerlegt.",
      "",
      "Bei uns lief es ohne Probleme. Welche Version von pacemaker habt ihr?",
      "",
      "Ulrich",
    ]);
    expect(segmentWith(paste, "Thomas Berger")?.role).toBe("attribution");
    expect(segmentWith(paste, "Das Update")).toMatchObject({ depth: 1, name: "Thomas Berger" });
    expect(segmentWith(paste, "Bei uns lief")).toMatchObject({ depth: 0, name: "Ulrich" });
  });

  it("reads `>=` standing alone as the operator, not a quote prefix", () => {
    const paste = "The check is wrong here, as far as I can see: use x >= 3 instead of x > 2 in the loop, and the same for the other branch below it too.";
    const lines = unflatten(paste, undefined, true);
    expect((lines ?? []).every((l) => l.depth === 0)).toBe(true);
    expect(readMail(paste).segments.every((s) => s.depth === 0)).toBe(true);
  });
});

describe("flattened pastes: an Outlook chain's subject lines", () => {
  const chain = flat([
    "Sounds good to me. Let's go with option B.",
    "",
    "Thanks,",
    "Raj",
    "",
    "From: Emily Chen <emily.chen@contoso.com>",
    "Sent: Tuesday, March 5, 2024 4:17 PM",
    "To: Raj Patel <raj.patel@contoso.com>; Platform Team <platform@contoso.com>",
    "Subject: RE: Release plan for 4.2",
    "",
    "Raj,",
    "",
    "I'd prefer option B: ship the migration tool first and the API change a sprint later.",
    "",
    "Emily",
    "",
    "From: Raj Patel <raj.patel@contoso.com>",
    "Sent: Monday, March 4, 2024 10:02 AM",
    "To: Emily Chen <emily.chen@contoso.com>",
    "Subject: Release plan for 4.2",
    "",
    "Hi Emily,",
    "",
    "Option A: both at once. Option B: the migration tool first. Which do you prefer?",
    "",
    "Raj",
  ]);
  const headers = (): string[] => readMail(chain).segments.filter((s) => s.role === "header").map((s) => s.text);

  it("ends a subject where the reply calls one of the block's people by name", () => {
    expect(headers()[0]).toMatch(/Subject: RE: Release plan for 4\.2$/u);
    expect(segmentWith(chain, "Raj,")).toMatchObject({ role: "content", name: "Emily Chen" });
  });

  it("reads a one-letter label after the subject as prose, not a field of the block", () => {
    expect(headers()[1]).toMatch(/Subject: Release plan for 4\.2$/u);
    expect(segmentWith(chain, "both at once")).toMatchObject({ role: "content", name: "Raj Patel" });
  });
});

describe("sign-offs in scripts without case", () => {
  const lines = ["我同意这个方案。", "不过测试需要再补充一下。", "", "谢谢，", "张强", "", "在 2024/03/02 15:10, 陈静 写道:", "> 我建议把配置解析移到单独的模块里。", "> 这样以后更容易维护。"];

  it("names the writer from a name under a closing with a full-width comma, multiline and flattened", () => {
    expect(topSpeaker(readMail(lines.join("\n")))?.name).toBe("张强");
    expect(topSpeaker(readMail(flat(lines)))?.name).toBe("张强");
  });

  it("takes no short line of such a script for a name without a closing above it", () => {
    const thread = readMail(["这个补丁我测过了，没有问题。", "", "好的", "", "在 2024/03/02 15:10, 陈静 写道:", "> 请帮忙测试。"].join("\n"));
    expect(topSpeaker(thread)?.name ?? null).not.toBe("好的");
  });
});

describe("flattened pastes: a forwarded message's separator", () => {
  it("reads Gmail's four-word separator as part of the header block under it", () => {
    const paste = flat([
      "---------- Forwarded message ---------",
      "From: Lena Fischer <lena.fischer@example.de>",
      "Date: Wed, Jan 10, 2024 at 9:14 AM",
      "Subject: Budget for the CI runners",
      "To: Infra Team <infra@example.de>",
      "",
      "We are 30% over the runner budget this quarter. Either we cut the nightly matrix or we ask for more.",
      "",
      "Lena",
    ]);
    expect(segmentWith(paste, "Forwarded message")?.role).toBe("header");
    expect(segmentWith(paste, "runner budget")).toMatchObject({ depth: 0, name: "Lena Fischer" });
  });
});

describe("flattened pastes: attributions that open on a date", () => {
  const cases = [
    { language: "Japanese", reply: "了解しました。修正版を送ります。", attribution: "2024年3月2日(土) 15:10 田中太郎 <taro@example.jp>:", quote: "このパッチはビルドが通りません。", writer: "田中太郎" },
    { language: "Korean", reply: "확인했습니다. 내일 다시 보내겠습니다.", attribution: "2024년 3월 2일 (토) 오후 3:10, 김민수 <minsu@example.kr>님이 작성:", quote: "이 패치는 빌드가 실패합니다.", writer: "김민수" },
    { language: "Russian", reply: "Согласен, давайте так и сделаем.", attribution: "пт, 1 мар. 2024 г. в 15:10, Иван Петров <ivan@example.ru>:", quote: "Предлагаю перенести релиз на следующую неделю.", writer: "Иван Петров" },
  ];
  for (const c of cases) {
    it(`cuts a ${c.language} Gmail attribution from the reply above it`, () => {
      const paste = flat([c.reply, "", c.attribution, "", `> ${c.quote}`]);
      expect(segmentWith(paste, c.reply)).toMatchObject({ depth: 0, role: "content" });
      expect(segmentWith(paste, c.attribution)?.role).toBe("attribution");
      expect(segmentWith(paste, c.quote)).toMatchObject({ depth: 1, name: c.writer });
    });
  }
});

describe("a closing of two words and a name on one line", () => {
  it("names the writer from `Viele Grüße Sabine` ending a flattened reply below the quote", () => {
    const paste = flat(["Das sehe ich genauso, danke!", "", "Am 02.03.24 um 15:10 schrieb Markus Weber:", "> Sollen wir das Release verschieben?", ">", "> Gruß", "> Markus", "", "Viele Grüße", "Sabine"]);
    expect(segmentWith(paste, "genauso")).toMatchObject({ depth: 0, name: "Sabine" });
    expect(segmentWith(paste, "verschieben")).toMatchObject({ depth: 1, name: "Markus Weber" });
  });
});
