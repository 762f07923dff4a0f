import { describe, expect, it } from "vitest";
import { readMail } from "../core/readers/mail/read-mail.js";
import type { LabelledLine } from "../core/readers/mail/lines.js";
import { labelText as label } from "./support/labelled.js";
import { topSpeaker } from "./support/speaker-at.js";

const roleOf = (lines: readonly LabelledLine[], start: string): string => lines.find((l) => l.text.trimStart().startsWith(start))?.role ?? "missing";

describe("list footers", () => {
  it("reads a rule left alone at a quote's depth as the start of the footer standing under it at another depth", () => {
    const lines = label(
      [
        "On Tue, Apr 07, 2026 at 09:14:02AM +0200, Tilda Brennan wrote:",
        "> Shall we drop the old flag in the next release?",
        "> _______________________________________________",
        "Quill-devel mailing list",
        "Quill-devel@lists.example.org",
        "https://lists.example.org/listinfo/quill-devel",
      ].join("\n"),
    );
    expect(roleOf(lines, "Quill-devel mailing list")).toBe("footer");
    expect(roleOf(lines, "______")).toBe("footer");
    expect(roleOf(lines, "Shall we")).toBe("content");
  });

  it("leaves a rule above the writer's own text to the writer", () => {
    const lines = label(["> Shall we drop the old flag?", "> _______________________________________________", "", "Yes, in the next release."].join("\n"));
    expect(roleOf(lines, "______")).toBe("content");
  });

  it("leaves to the writer a paragraph that names one stock phrase again and again, and still reads one dense in different ones as a footer", () => {
    const lines = label(
      [
        "> Why does the daemon need root?",
        "",
        "Only the privileged helper opens the port; the privileged path is short, and",
        "nothing privileged runs after the bind.",
        "",
        "This message is confidential and intended for the recipient only. If you received",
        "it in error, please notify the sender immediately and delete it.",
      ].join("\n"),
    );
    expect(roleOf(lines, "Only the privileged")).toBe("content");
    expect(roleOf(lines, "This message is confidential")).toBe("footer");
  });

  it("leaves a short line naming a mailing list in the middle of a reply to its writer, and reads one that ends a quote as a footer", () => {
    const lines = label(
      [
        "> The same crash shows up with the new linker.",
        ">",
        "> Quill-devel mailing list",
        ">",
        "> quill-devel@lists.example.org",
        "",
        "The same breakage came up on the Frob mailing list.",
        "",
        "It went away with the older linker there too.",
        "",
        "Sent from my iPhone",
      ].join("\n"),
    );
    expect(roleOf(lines, "The same breakage")).toBe("content");
    expect(roleOf(lines, "Quill-devel mailing list")).toBe("footer");
    expect(roleOf(lines, "quill-devel@lists")).toBe("footer");
    expect(roleOf(lines, "Sent from my iPhone")).toBe("footer");
  });
});

describe("list footers by their shape", () => {
  it("reads a short block under a long rule that points somewhere and ends the message as a footer, in words no stock phrase knows", () => {
    const lines = label(
      [
        "> Does it build?",
        "",
        "Yes, on both machines.",
        "",
        "_______________________________________________",
        "Quill-devel liste de diffusion",
        "Quill-devel@listes.example.org",
        "https://listes.example.org/quill-devel",
      ].join("\n"),
    );
    expect(roleOf(lines, "Quill-devel liste")).toBe("footer");
    expect(roleOf(lines, "https://listes")).toBe("footer");
    expect(roleOf(lines, "Yes, on both")).toBe("content");
  });

  it("leaves to the writer a block under a long rule that the writer's text goes on after, or that points nowhere", () => {
    const lines = label(
      [
        "Results below.",
        "",
        "----------------------------------------",
        "Run 1: https://ci.example.org/run/1 passed",
        "",
        "Run 2 failed again, see above.",
        "",
        "==========",
        "That is all for today.",
      ].join("\n"),
    );
    expect(roleOf(lines, "Run 1:")).toBe("content");
    expect(roleOf(lines, "That is all")).toBe("content");
  });
});

describe("inline OpenPGP blocks", () => {
  it("reads a signed message's armor header and its signature block as no one's words, leaving the text between to the writer", () => {
    const lines = label(
      [
        "-----BEGIN PGP SIGNED MESSAGE-----",
        "Hash: SHA256",
        "",
        "> Is the tarball signed?",
        "",
        "It is now, with the release key.",
        "",
        "-----BEGIN PGP SIGNATURE-----",
        "",
        "iQEzBAEBCAAdFiEEq3xLm0Zp8wWv7sJd2bFhQnRk5aMFAmYxAbcACgkQ2bFhQnRk",
        "5aPq3Qf/Uo2hX1Vwz9aKc4sTt0m8LbN6yJrE7d1QeV0pCwHk3ZfGm4nRx2sLtY9u",
        "=Xk2w",
        "-----END PGP SIGNATURE-----",
      ].join("\n"),
    );
    expect(roleOf(lines, "-----BEGIN PGP SIGNED")).toBe("header");
    expect(roleOf(lines, "Hash: SHA256")).toBe("header");
    expect(roleOf(lines, "It is now")).toBe("content");
    expect(roleOf(lines, "iQEzBAEB")).toBe("signature");
    expect(roleOf(lines, "=Xk2w")).toBe("signature");
    expect(roleOf(lines, "-----END PGP")).toBe("signature");
  });
});

describe("a list's own address", () => {
  const munged = (topSigned: boolean): string =>
    [
      "From: Quill users discussion <quill-users@lists.example.org>",
      "Date: Tue, 3 Mar 2026 10:00:00 +0000",
      "Subject: Re: sound after the upgrade",
      "",
      "On Mon, Mar 02, 2026 at 10:12:30AM +0000, Quill users discussion wrote:",
      "",
      "> On Sun, Mar 01, 2026 at 09:41:02PM +0000, Quill users discussion wrote:",
      ">",
      ">> Does anyone have sound working on the new release?",
      ">> It went quiet for me after the upgrade.",
      ">>",
      ">> Karin",
      ">",
      "> It works here after rebuilding the module and starting the daemon again.",
      ">",
      "> Tomas",
      "",
      "That did it, thanks. The sound is back after loading the module by hand.",
      ...(topSigned ? ["", "Wen"] : []),
      "",
      "_______________________________________________",
      "Quill-users mailing list",
      "Quill-users@lists.example.org",
      "https://lists.example.org/listinfo/quill-users",
    ].join("\n");
  const topWriter = (text: string): string | undefined => topSpeaker(readMail(text))?.name;

  it("names no writer where the footer shows it as the list's posting address: the sign-off, the turns or nobody names them", () => {
    const thread = readMail(munged(false));
    expect(thread.speakers.map((s) => s.email)).not.toContain("quill-users@lists.example.org");
    // Karin asked, Tomas answered, and the top writer thanks him: the turns name Karin.
    expect(topWriter(munged(false))).toBe("Karin");
    expect(topWriter(munged(true))).toBe("Wen");
  });

  it("keeps an address no footer gives", () => {
    expect(readMail(munged(false).replace(/_{10,}[\s\S]*$/u, "")).speakers.map((s) => s.email)).toContain("quill-users@lists.example.org");
  });
});
