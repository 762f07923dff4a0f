import { describe, expect, it } from "vitest";
import { parseFromValue } from "../core/readers/mail/header-block.js";
import { readMail } from "../core/readers/mail/read-mail.js";
import type { Thread } from "../core/thread/model.js";
import type { LabelledLine } from "../core/readers/mail/lines.js";
import { labelText as label, roleAndWriter as at } from "./support/labelled.js";

/** The lines of a parse's segments, one line a line. */
const lines = (thread: Thread): string[] => thread.segments.flatMap((s) => s.text.split("\n"));

describe("parseFromValue", () => {
  it.each([
    [`"Wren Halloway via quill-devel" <quill-devel@lists.example.org>`, "Wren Halloway"],
    [`'Tomas Brekke' via ferrous-users <ferrous-users@groups.example.com>`, "Tomas Brekke"],
    [`Brekke, Tomas via ferrous-users <ferrous-users@lists.example.net>`, "Tomas Brekke"],
  ])("takes the poster from a list's rewritten `From:` %s, and not the list's address", (value, name) => {
    expect(parseFromValue(value)).toEqual({ name, email: null });
  });

  it.each([
    ["quill-devel@lists.example.org <quill-devel@lists.example.org> Im Auftrag von Wren Halloway"],
    ["quill-devel-bounces@lists.example.org [mailto:quill-devel-bounces@lists.example.org] Namens Wren Halloway"],
    // The poster's name as the list rewrote it, after the phrase.
    ["quill-devel [mailto:quill-devel-bounces@lists.example.org] Namens Wren Halloway via quill-devel"],
  ])("takes the poster, not the list, from a localised `On Behalf Of` value: %s", (value) => {
    expect(parseFromValue(value)).toEqual({ name: "Wren Halloway", email: null });
  });

  it("reads an `On Behalf Of` value wrapped before the poster's name", () => {
    const lines = label(
      [
        "> From: quill-devel <quill-devel-bounces@lists.example.org> On Behalf Of",
        "> Wren Halloway",
        "> Sent: Monday, March 2, 2026 10:00 AM",
        ">",
        "> Did you try the clean build?",
        "",
        "Yes, twice.",
      ].join("\n"),
    );
    expect(at(lines, "Did you try")).toBe("content Wren Halloway");
  });

  it("takes the sender from public-inbox's `Name @ <time>` and no name from an `@` that no time follows", () => {
    expect(parseFromValue("Wren Halloway @ 2021-04-13  9:06 UTC (permalink / raw)")).toEqual({ name: "Wren Halloway", email: null });
    expect(parseFromValue("Wren Halloway @ Tue, 13 Apr 2021 09:06:21 +0200")).toEqual({ name: "Wren Halloway", email: null });
    expect(parseFromValue("Wren Halloway @ the lab <wren@example.org>").email).toBe("wren@example.org");
  });

  it("keeps an address that is the writer's own", () => {
    expect(parseFromValue("Wren Halloway <wren@example.org>")).toEqual({ name: "Wren Halloway", email: "wren@example.org" });
  });
});

describe("header blocks", () => {
  it("reads a quoted header trimmed to one line (`From: … Sent: …`) as the header of the quote below it", () => {
    const lines = label(
      [
        "On Tue, Mar 3, 2026 at 09:12:40AM +0000, Tomas Brekke wrote:",
        "> From: Wren Halloway <wren@example.org> Sent: Monday, March 2, 2026",
        "> 10:00 AM",
        "> >",
        "> > The second pass still fails here.",
        ">",
        "> Which compiler do you build with?",
        "",
        "The same as last week.",
      ].join("\n"),
    );
    expect(at(lines, "From: Wren")).toBe("header -");
    expect(at(lines, "10:00 AM")).toBe("header -");
    expect(at(lines, "The second pass")).toBe("content Wren Halloway");
  });

  it("reads a paste opening with a two-field header (`From:` / `Sent:`) over a deeper quote as that quote's header", () => {
    const lines = label(
      [
        "From: Wren Halloway <wren@example.org>",
        "Sent: Monday, March 2, 2026 10:00 AM",
        ">",
        "> Which compiler do you build with?",
        "",
        "The same as last week.",
      ].join("\n"),
    );
    expect(at(lines, "Which compiler")).toBe("content Wren Halloway");
    expect(at(lines, "The same")).toBe("content unknown (author)");
  });

  it("gives a quoted header's own depth to its sender when nobody held that depth before it", () => {
    const lines = label(
      [
        "Agreed, let's keep it.",
        "",
        "> -----Original Message-----",
        "> From: Wren Halloway <wren@example.org>",
        "> Sent: Monday, March 2, 2026 10:00 AM",
        "> To: Tomas Brekke <tomas@example.net>",
        "> Subject: Re: the build",
        ">",
        ">> On 3/1/2026 9:00 AM, Tomas Brekke wrote:",
        ">>> Should the fan curve move into the firmware table?",
        "> No, the table is signed by the vendor.",
      ].join("\n"),
    );
    expect(at(lines, "No, the table")).toBe("content Wren Halloway");
    expect(at(lines, "Should the fan")).toBe("content Tomas Brekke");
  });

  it("keeps a pasted archive header over a quote the paste's author's", () => {
    const lines = label(
      [
        "From: Tomas Brekke <tomas@example.net>",
        "Date: Mon, 2 Mar 2026 10:00:00 +0000",
        "Subject: Re: the build",
        "",
        "> Which compiler do you build with?",
        "",
        "The same as last week.",
      ].join("\n"),
    );
    expect(at(lines, "The same")).toBe("content Tomas Brekke");
  });

  it("keeps apart two posters whose Outlook blocks carry the same list address", () => {
    const lines = label(
      [
        "Works now, thanks.",
        "",
        "________________________________",
        `From: "Wren Halloway via quill-devel" <quill-devel@lists.example.org>`,
        "Sent: Monday, March 2, 2026 10:00 AM",
        "To: Tomas Brekke <tomas@example.net>",
        "Subject: Re: the build",
        "",
        "Did you try the clean build?",
        "",
        "________________________________",
        `From: "Tomas Brekke via quill-devel" <quill-devel@lists.example.org>`,
        "Sent: Sunday, March 1, 2026 9:00 AM",
        "Subject: the build",
        "",
        "The build fails on the second pass.",
      ].join("\n"),
    );
    expect(at(lines, "Did you try")).toBe("content Wren Halloway");
    expect(at(lines, "The build fails")).toBe("content Tomas Brekke");
  });

  it.each([
    ["Czech", ["Od: Wren Halloway <wren@example.org>", "Odesláno: 2. března 2026 10:00", "Komu: Tomas Brekke <tomas@example.net>", "Předmět: sestavení"]],
    ["Turkish", ["Kimden: Wren Halloway <wren@example.org>", "Gönderildi: 2 Mart 2026 Pazartesi 10:00", "Kime: Tomas Brekke <tomas@example.net>", "Konu: derleme"]],
    ["Chinese", ["发件人: Wren Halloway <wren@example.org>", "发送时间: 2026年3月2日 10:00", "收件人: Tomas Brekke <tomas@example.net>", "主题: 构建"]],
    ["Japanese, full-width colons", ["差出人：Wren Halloway <wren@example.org>", "送信日時：2026年3月2日 10:00", "宛先：Tomas Brekke <tomas@example.net>", "件名：ビルド"]],
  ])("reads a %s header block and gives the text under it to its sender", (_language, block) => {
    const lines = label(["Works now, thanks.", "", ...block, "", "Did you try the clean build?"].join("\n"));
    expect(at(lines, block[0] ?? "")).toBe("header -");
    expect(at(lines, block[3] ?? "")).toBe("header -");
    expect(at(lines, "Did you try")).toBe("content Wren Halloway");
  });

  it("reads `From: Name` over fields quoted one level deeper as the attribution of that deeper quote", () => {
    const lines = label(
      [
        "From: Tomas Brekke",
        "> Sent: 02 March 2026 10:00",
        "> To: Wren Halloway <wren@example.org>",
        "> The second pass fails when the cache is cold.",
        "> ...",
        "",
        "Only with the release compiler, or with both?",
      ].join("\n"),
    );
    expect(at(lines, "From: Tomas")).toBe("header -");
    expect(at(lines, "To: Wren")).toBe("header -");
    expect(at(lines, "The second pass")).toBe("content Tomas Brekke");
    expect(at(lines, "Only with")).toBe("content unknown (author)");
  });

  it("reads a one-line `From: Name <addr> Sent: <date>` (its date wrapped) above a deeper quote as that quote's attribution", () => {
    const lines = label(
      [
        "> From: Tomas Brekke <tomas@example.net> Sent: Monday, March 2, 2026",
        "> 10:00 AM",
        "> >",
        "> > The second pass fails when the cache is cold.",
        ">",
        "> Does it fail with a warm cache too?",
        "",
        "Only with the release compiler.",
      ].join("\n"),
    );
    expect(at(lines, "From: Tomas")).toBe("header -");
    expect(at(lines, "10:00 AM")).toBe("header -");
    expect(at(lines, "The second pass")).toBe("content Tomas Brekke");
    expect(at(lines, "Does it fail")).toBe("content unknown (quoted at depth 1)");
  });

  it("reads Outlook's separator and a one-line header joined on one line by rewrapping as a header naming the text under it", () => {
    const lines = label(
      [
        "On 3/2/2026 11:00 AM, Tomas Brekke wrote:",
        ">> -----Original Message----- From: Wren Halloway <wren@example.org> Sent: Monday, March 2, 2026 10:00",
        ">>",
        ">> The cold cache still fails on the second pass.",
        ">",
        "> Only with the release compiler?",
        "",
        "Yes, only there.",
      ].join("\n"),
    );
    expect(at(lines, "-----Original")).toBe("header -");
    expect(at(lines, "The cold cache")).toBe("content Wren Halloway");
    expect(at(lines, "Only with")).toBe("content Tomas Brekke");
  });

  it("reads Zimbra's French separator (`----- Mail original -----`) as the start of its header block", () => {
    const block = ["----- Mail original -----", `De: "Wren Halloway" <wren@example.org>`, "À: Tomas Brekke <tomas@example.net>", "Envoyé: Lundi 2 Mars 2026 10:00:00", "Objet: la compilation"];
    const lines = label(["Works now, thanks.", "", ...block, "", "Did you try the clean build?"].join("\n"));
    expect(at(lines, block[0] ?? "")).toBe("header -");
    expect(at(lines, block[3] ?? "")).toBe("header -");
    expect(at(lines, "Did you try")).toBe("content Wren Halloway");
  });

  it("ends a flattened header's subject at a quoted header's sender below it (`Objet: … From: …`), and reads a date or ids after a subject as fields", async () => {
    const zimbra = [
      "Works now, thanks.",
      "----- Mail original -----",
      `De: "Wren Halloway" <wren@example.org>`,
      "À: Tomas Brekke <tomas@example.net>",
      "Envoyé: Lundi 2 Mars 2026 10:00:00",
      "Objet: RE: la compilation",
      "> From: Tomas Brekke <tomas@example.net>",
      "> Sent: 1 March 2026 09:00",
      "> Did the clean build fail for you as well?",
    ].join(" ");
    const headers = (await readMail(zimbra)).segments.filter((g) => g.role === "header").map((g) => `${g.depth} ${g.text.split("\n")[0] ?? ""}`);
    // The separator's four words open the block, as they do multiline (the test above).
    expect(headers).toEqual(["0 ----- Mail original -----", "1 From: Tomas Brekke <tomas@example.net>"]);
    const archived = "From: Wren Halloway <wren@example.org> To: Tomas Brekke <tomas@example.net> Subject: Re: la compilation Date: Mon, 2 Mar 2026 10:00:00 +0100 Message-ID: <1@example.org> Hi Tomas, it builds now.";
    expect(lines(await readMail(archived)).find((l) => l.includes("Message-ID"))).toBe("Message-ID: <1@example.org>");
  });

  // Tomas's line quoted in Wren's message, which the top level answers: each shape below introduces them.
  const QUOTED = ["> > The build fails on the second pass.", ">", "> Which compiler do you use?", "", "The one from the release."];
  const introduced = (...above: string[]): LabelledLine[] => label(above.concat(QUOTED).join("\n"));

  it.each([
    [
      "reads `From:`/`Date:` right above a deeper quote as that quote's attribution",
      ["> -----Original Message-----", "> From: Wren Halloway <wren@example.org>", "> Sent: Monday, March 2, 2026 10:00 AM", "> Subject: Re: the build", ">"],
      ["> From: Tomas Brekke <tomas@example.net>", "> Date: Sun, 1 Mar 2026 09:00:00 +0100", ">"],
      "header -",
    ],
    [
      "ends a header block before an attribution wrapped under its fields (`On …, Name <addr>` / `wrote:`)",
      ["> -----Original Message-----", "> From: Wren Halloway <wren@example.org>", "> Sent: Monday, March 2, 2026 10:00 AM"],
      ["> On Sun, Mar 1, 2026 at 9:00 AM Tomas Brekke <tomas@example.net>", "> wrote:"],
      "attribution -",
    ],
    [
      "reads the starred labels of mail turned from HTML into text (`*From:* Name`) as a header block",
      ["> *From:* Wren Halloway <wren@example.org>", "> *Sent:* Monday, March 2, 2026 10:00 AM", "> *Subject:* Re: the build", ">"],
      ["> *From:* Tomas Brekke <tomas@example.net>", "> *Sent:* Sunday, March 1, 2026 9:00 AM", ">"],
      "header -",
    ],
    [
      "ends a header block before an attribution written right under its fields",
      ["> From: Wren Halloway [mailto:wren@example.org]", "> Sent: Monday, March 2, 2026 10:00 AM"],
      ["> On 3/1/26 09:00, Tomas Brekke wrote:"],
      "attribution -",
    ],
  ])("%s", (_what, outer, inner, role) => {
    const lines = introduced(...outer, ...inner);
    expect(at(lines, (inner[0] ?? "").slice(2))).toBe(role);
    expect(at(lines, "The build fails")).toBe("content Tomas Brekke");
    expect(at(lines, "Which compiler")).toBe("content Wren Halloway");
  });
});

describe("a lone sender line", () => {
  it("reads git's `From: Name <addr>` at the head of a quoted patch as a header line, and leaves the patch to its poster", () => {
    const lines = label(
      [
        "On Tue, Apr 07, 2026 at 09:14:02AM +0200, Osman Kadri wrote:",
        "> From: Tilda Brennan <tilda@example.org>",
        ">",
        "> Rebuild the cache only when the inputs changed.",
        "",
        "Looks good to me.",
      ].join("\n"),
    );
    expect(at(lines, "From: Tilda")).toBe("header -");
    expect(at(lines, "Rebuild the cache")).toBe("content Osman Kadri");
  });
});

describe("header blocks whose first field is not From", () => {
  it("reads a draft's header (`To:` / `Cc:` / `Subject:` / `From:`) opening a body as a header naming its writer", () => {
    const lines = label(
      [
        "To: Osman Kadri <osman@example.net>",
        "Cc: quill-devel@lists.example.org,  Tilda Brennan <tilda@example.org>",
        "Subject: Re: [PATCH] cache: rebuild less often",
        "From: Wren Halloway <wren@example.org>",
        "--text follows this line--",
        "Osman Kadri <osman@example.net> writes:",
        "",
        "> The cache is rebuilt on every run.",
        "",
        "Only when the inputs changed, as far as I can see.",
      ].join("\n"),
    );
    expect(at(lines, "To: Osman")).toBe("header -");
    expect(at(lines, "Cc: quill")).toBe("header -");
    expect(at(lines, "Only when")).toBe("content Wren Halloway");
  });

  it("reads a quoted block that keeps only `Sent:` / `To:` / `Subject:` as header lines, leaving the quote to the writer named above", () => {
    const lines = label(
      [
        "On Tue, Apr 07, 2026 at 09:14:02AM +0200, Tilda Brennan wrote:",
        "> Sent: Monday, April 6, 2026 10:00 AM",
        "> To: Osman Kadri <osman@example.net>",
        "> Subject: RE: the build",
        ">",
        "> The second pass still fails here.",
        "",
        "Which compiler?",
      ].join("\n"),
    );
    expect(at(lines, "Sent: Monday")).toBe("header -");
    expect(at(lines, "Subject: RE")).toBe("header -");
    expect(at(lines, "The second pass")).toBe("content Tilda Brennan");
  });

  it("leaves a patch's run of `Cc:` trailers to the patch's writer", () => {
    const lines = label(
      [
        "Rebuild the cache only when the inputs changed.",
        "",
        "Cc: Osman Kadri <osman@example.net>",
        "Cc: Tilda Brennan <tilda@example.org>",
        "Cc: quill-devel@lists.example.org",
        "Signed-off-by: Wren Halloway <wren@example.org>",
      ].join("\n"),
    );
    expect(at(lines, "Cc: Osman")).toMatch(/^content/u);
    expect(at(lines, "Cc: quill")).toMatch(/^content/u);
  });
});

describe("a lone separator line", () => {
  it("reads `----- Original Message -----` with no fields under it as a header line that names nobody", () => {
    const lines = label(
      [
        "On Tue, Apr 07, 2026 at 09:14:02AM +0200, Tilda Brennan wrote:",
        "> ----- Original Message -----",
        "> > The second pass still fails here.",
        ">",
        "> Which compiler do you build with?",
        "",
        "The same as last week.",
      ].join("\n"),
    );
    expect(at(lines, "----- Original")).toBe("header -");
    expect(at(lines, "Which compiler")).toBe("content Tilda Brennan");
  });
});

describe("quoted blocks of label fields", () => {
  const report = (fields: string[]): string =>
    [
      "On Tue, Oct 3, 2023 at 2:05 AM build bot <bot@example.com> wrote:",
      "> Hi Ann,",
      ">",
      "> the build bot found new warnings:",
      ">",
      ...fields.map((f) => `> ${f}`),
      ">",
      "> If you fix the issue, kindly add the tags below.",
      "",
      "Sorry about that, fixed in v3.",
    ].join("\n");

  it("reads a robot's report fields with an address as no one's words, and keeps the prose around them", () => {
    const lines = label(
      report([
        "url:    https://git.example.org/bot/linux/commits/Ann-Lee/foo/20231002",
        "base:   https://git.example.org/ann/linux for-next",
        "patch subject: [PATCH v2 3/3] foo: add the bar",
        "config: sh-allyesconfig (https://ci.example.org/202310030640.ab-bot@example.com/config)",
        "compiler: sh4-linux-gcc (GCC) 13.2.0",
      ]),
    );
    expect(at(lines, "url:")).toBe("header -");
    expect(at(lines, "compiler:")).toBe("header -");
    expect(at(lines, "the build bot found")).toMatch(/^content /u);
    expect(at(lines, "If you fix")).toMatch(/^content /u);
  });

  it("leaves fields without an address, and patch trailers, to the quoted writer", () => {
    const plain = label(report(["Board: rock-3a", "Kernel: 6.6-rc4", "Compiler: gcc 13.2"]));
    expect(at(plain, "Board:")).toMatch(/^content /u);
    const trailers = label(report(["Reviewed-by: Bo Wu <bo@example.org>", "Tested-by: Bo Wu <bo@example.org>", "Fixes: 0a1b2c3d4e5f (\"foo: bar\")"]));
    expect(at(trailers, "Reviewed-by:")).toMatch(/^content /u);
  });
});
