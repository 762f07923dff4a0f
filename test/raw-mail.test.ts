import { describe, expect, it } from "vitest";
import { looksLikeRawMail, parseRawMessages, readRawMail, splitMbox } from "../core/readers/mail/raw-mail.js";
import { readMail } from "../core/readers/mail/read-mail.js";
import { readThread } from "../core/readers/read-thread.js";
import type { Segment, Thread } from "../core/thread/model.js";

// Built with CRLF line ends, as saved .eml files usually are.
const crlf = (s: string): string => s.replace(/\n/gu, "\r\n");

/** Quoted-printable, ISO-8859-1, accented author name in an encoded word, a soft line break. */
const latin1Eml = crlf(`Return-Path: <rene@example.org>
Received: from mail.example.org (mail.example.org [192.0.2.1])
\tby mx.example.com with ESMTP id abc123
\tfor <list@example.com>; Fri, 9 Jul 2021 13:56:24 -0300
Message-ID: <1@example.org>
Date: Fri, 9 Jul 2021 13:56:24 -0300
From: =?iso-8859-1?Q?Ren=E9_Dupr=E9?= <Rene@Example.org>
To: list@example.com
Subject: =?iso-8859-1?Q?Caf=E9?= budget
MIME-Version: 1.0
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

Hi all,

The caf=E9 budget should be spent on the espresso machine, because every=
one uses it.

Ren=E9
`);

/** multipart/alternative: the text part is read, the HTML twin is not. */
const alternativeEml = `Received: from nvidia.com by mx.example.com; Fri, 9 Jul 2021 14:20:00 -0300
From: Jason Gunthorpe <jgg@nvidia.com>
To: list@example.com
Date: Fri, 9 Jul 2021 14:20:00 -0300
Subject: Re: =?iso-8859-1?Q?Caf=E9?= budget
Message-ID: <2@nvidia.com>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b1"

--b1
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 7bit

On Fri, Jul 09, 2021 at 01:56:24PM -0300, Ren\u00e9 Dupr\u00e9 wrote:
> The caf\u00e9 budget should be spent on the espresso machine.

No, it should fund the kettle.

--b1
Content-Type: text/html; charset=utf-8

<p>HTML TWIN OF THE TEXT</p>
--b1--
`;

/** HTML only: mailparser's own HTML-to-text rendering is the body, blockquotes become `>` quotes. */
const htmlOnlyEml = `Received: from example.net by mx.example.com; Sat, 10 Jul 2021 09:00:00 +0000
From: Ann Lee <ann@example.net>
Date: Sat, 10 Jul 2021 09:00:00 +0000
Subject: Re: kettle
MIME-Version: 1.0
Content-Type: text/html; charset=utf-8

<p>Agreed, a kettle is cheaper.</p>
`;

/** Three messages: Jason, Daniel quoting Jason, Jason (another display name, same address) quoting Daniel. */
const mbox = `From jgg@nvidia.com Fri Jul  9 13:56:24 2021
From: Jason Gunthorpe <jgg@nvidia.com>
To: dri-devel@lists.freedesktop.org
Subject: [PATCH] drm: fix the locking
Date: Fri, 9 Jul 2021 13:56:24 -0300
Message-ID: <20210709165624.GA1@nvidia.com>

The lock is taken twice in the error path; this patch drops the second one.
>From the trace it is clear the unlock never runs.

Jason

From daniel@ffwll.ch Fri Jul  9 15:10:02 2021
From: Daniel Vetter <daniel@ffwll.ch>
To: Jason Gunthorpe <jgg@nvidia.com>
Subject: Re: [PATCH] drm: fix the locking
Date: Fri, 9 Jul 2021 20:10:02 +0200
Message-ID: <YOiN@phenom.ffwll.local>
In-Reply-To: <20210709165624.GA1@nvidia.com>

On Fri, Jul 09, 2021 at 01:56:24PM -0300, Jason Gunthorpe wrote:
> The lock is taken twice in the error path; this patch drops the second one.

Are you sure? The second lock protects the fence list.
-Daniel

From jgg@nvidia.com Fri Jul  9 16:00:00 2021
From: jgg <JGG@NVIDIA.com>
To: Daniel Vetter <daniel@ffwll.ch>
Subject: Re: [PATCH] drm: fix the locking
Date: Fri, 9 Jul 2021 16:00:00 -0300
Message-ID: <20210709190000.GB2@nvidia.com>

On Fri, Jul 09, 2021 at 08:10:02PM +0200, Daniel Vetter wrote:
> Are you sure? The second lock protects the fence list.

It does not, the fence list has its own spinlock.
`;

/** A pipermail archive download: ` at ` separators and obfuscated `From:` fields. */
const pipermail = `From jgg at nvidia.com  Fri Jul  9 13:56:24 2021
From: jgg at nvidia.com (Jason Gunthorpe)
Date: Fri, 9 Jul 2021 13:56:24 -0300
Subject: [PATCH] x
Message-ID: <1@nvidia.com>

The patch is ready.

From daniel at ffwll.ch  Fri Jul  9 15:10:02 2021
From: daniel at ffwll.ch (Daniel Vetter)
Date: Fri, 9 Jul 2021 20:10:02 +0200
Subject: Re: [PATCH] x
In-Reply-To: <1@nvidia.com>
Message-ID: <2@ffwll.ch>

Applied, thanks.
`;

const nameOf = (thread: Thread, seg: Segment): string | undefined => thread.speakers.find((s) => s.id === seg.speaker)?.name;
const contentOf = (thread: Thread, message: number): Segment[] =>
  thread.segments.filter((s) => s.message === message && s.role === "content");
const find = (thread: Thread, words: string): Segment => {
  const seg = thread.segments.find((s) => s.text.includes(words));
  if (seg === undefined) throw new Error(`no segment with ${words}`);
  return seg;
};

describe("looksLikeRawMail", () => {
  it("takes .eml files and mboxes", () => {
    for (const raw of [latin1Eml, alternativeEml, htmlOnlyEml, mbox, pipermail]) expect(looksLikeRawMail(raw)).toBe(true);
  });

  it("leaves ordinary pasted text alone", () => {
    const pasted = [
      // Outlook reply with its quoted original.
      `Thanks, that works for me.\n\n-----Original Message-----\nFrom: Jason Gunthorpe <jgg@nvidia.com>\nSent: Friday, July 9, 2021 1:56 PM\nTo: Daniel Vetter <daniel@ffwll.ch>\nSubject: Re: locking\n\nThe lock is taken twice.\n`,
      // The same Outlook block pasted on its own, starting with its header fields.
      `-----Original Message-----\nFrom: Jason Gunthorpe <jgg@nvidia.com>\nSent: Friday, July 9, 2021 1:56 PM\nTo: Daniel Vetter <daniel@ffwll.ch>\nSubject: Re: locking\n\nThe lock is taken twice.\n`,
      `From: Jason Gunthorpe <jgg@nvidia.com>\nSent: Friday, July 9, 2021 1:56 PM\nTo: Daniel Vetter <daniel@ffwll.ch>\nSubject: Re: locking\n\nThe lock is taken twice.\n`,
      // A message copied from a web archive.
      `From: Jason Gunthorpe <jgg@nvidia.com>\nDate: Fri, 9 Jul 2021 13:56:24 -0300\nSubject: Re: locking\n\nThe lock is taken twice.\n`,
      // Quoted header fields inside a reply.
      `I disagree.\n\n> From: Jason Gunthorpe <jgg@nvidia.com>\n> Date: Fri, 9 Jul 2021\n> Message-ID: <1@nvidia.com>\n> MIME-Version: 1.0\n>\n> The lock is taken twice.\n`,
      `On Fri, Jul 9, 2021 Jason Gunthorpe wrote:\n> From the trace it is clear.\n\nNo.\n`,
      // Lines shaped like fields, but with no transport or MIME field among them.
      `Note: the build is broken\nTODO: fix it\nhttps://example.com/ci\n\nThanks\n`,
      `From the start this was a bad idea.\nFrom: me\n`,
      "",
    ];
    for (const text of pasted) expect(looksLikeRawMail(text), text).toBe(false);
  });
});

describe("splitMbox", () => {
  it("splits on separators, drops them and undoes >From escaping", () => {
    const parts = splitMbox(mbox);
    expect(parts).toHaveLength(3);
    expect(parts.every((p) => p.startsWith("From: "))).toBe(true);
    expect(parts[0]).toContain("\nFrom the trace");
  });

  it("handles pipermail separators and returns a file without separators whole", () => {
    expect(splitMbox(pipermail)).toHaveLength(2);
    expect(splitMbox(latin1Eml)).toEqual([latin1Eml.replace(/\r\n/gu, "\n")]);
  });
});

describe("readRawMail on .eml files", () => {
  it("decodes quoted-printable ISO-8859-1 and names the author from an encoded From header", async () => {
    const [message] = await parseRawMessages(latin1Eml);
    expect(message?.from).toEqual({ name: "René Dupré", email: "rene@example.org" });
    expect(message?.subject).toBe("Café budget");
    expect(message?.date?.toISOString()).toBe("2021-07-09T16:56:24.000Z");

    const thread = await readRawMail(latin1Eml);
    expect(thread.speakers.map((s) => [s.name, s.email])).toEqual([["René Dupré", "rene@example.org"]]);
    const text = thread.segments.map((s) => s.text).join("\n");
    expect(text).toContain("café budget");
    expect(text).toContain("everyone uses it");
    expect(text).not.toMatch(/=E9|=\n/u);
    expect(thread.segments.every((s) => s.message === 0)).toBe(true);
  });

  it("reads the text part of multipart/alternative and attributes its quote", async () => {
    const thread = await readRawMail(alternativeEml);
    expect(thread.segments.map((s) => s.text).join("\n")).not.toContain("HTML TWIN");
    expect(nameOf(thread, find(thread, "kettle"))).toBe("Jason Gunthorpe");
    const quote = find(thread, "espresso machine");
    expect(quote.depth).toBe(1);
    expect(nameOf(thread, quote)).toBe("René Dupré");
  });

  it("falls back to mailparser's text rendering of an HTML-only message", async () => {
    const thread = await readRawMail(htmlOnlyEml);
    expect(nameOf(thread, find(thread, "a kettle is cheaper"))).toBe("Ann Lee");
  });

  it("takes the poster from Reply-To when a list rewrote From for DMARC", async () => {
    const eml = `Received: from lists.freedesktop.org by mx.example.com; Fri, 9 Jul 2021 13:56:24 -0300\nFrom: "Jason Gunthorpe via dri-devel" <dri-devel@lists.freedesktop.org>\nReply-To: Jason Gunthorpe <jgg@nvidia.com>\nSubject: x\n\nThe lock is taken twice.\n`;
    const [message] = await parseRawMessages(eml);
    expect(message?.from).toEqual({ name: "Jason Gunthorpe", email: "jgg@nvidia.com" });
  });
});

describe("readRawMail on an mbox", () => {
  it("names speakers from From headers, one speaker per person across messages", async () => {
    const thread = await readRawMail(mbox);
    expect(thread.speakers.map((s) => [s.name, s.email])).toEqual([
      ["Jason Gunthorpe", "jgg@nvidia.com"],
      ["Daniel Vetter", "daniel@ffwll.ch"],
    ]);
    const [jason, daniel] = thread.speakers;
    expect(contentOf(thread, 0).every((s) => s.speaker === jason?.id)).toBe(true);
    // Message 2's From says only `jgg <JGG@NVIDIA.com>`: the address makes it Jason.
    expect(find(thread, "its own spinlock").speaker).toBe(jason?.id);
    expect(find(thread, "Are you sure?").speaker).toBe(daniel?.id);
  });

  it("gives every message's segments that message's index", async () => {
    const thread = await readRawMail(mbox);
    expect([...new Set(thread.segments.map((s) => s.message))]).toEqual([0, 1, 2]);
    expect(find(thread, "drops the second one").message).toBe(0);
    expect(find(thread, "From the trace").message).toBe(0);
    expect(find(thread, "its own spinlock").message).toBe(2);
    expect(thread.turns.map((t) => t.message)).toEqual([...thread.turns.map((t) => t.message)].sort());
  });

  it("attributes quoted text to the earlier author through the attribution line", async () => {
    const thread = await readRawMail(mbox);
    const [jason, daniel] = thread.speakers;
    const quoted = thread.segments.filter((s) => s.depth === 1);
    expect(quoted.map((s) => [s.message, s.speaker])).toEqual([
      [1, jason?.id],
      [2, daniel?.id],
    ]);
    // The unescaped `>From` line is Jason's own text, not a quote.
    expect(find(thread, "From the trace").depth).toBe(0);
  });

  it("reads pipermail archives with obfuscated addresses", async () => {
    const thread = await readRawMail(pipermail);
    expect(thread.speakers.map((s) => [s.name, s.email])).toEqual([
      ["Jason Gunthorpe", "jgg@nvidia.com"],
      ["Daniel Vetter", "daniel@ffwll.ch"],
    ]);
    expect(find(thread, "Applied").message).toBe(1);
  });
});

describe("readThread", () => {
  it("routes raw mail to the raw-mail reader and pasted text to readMail", async () => {
    expect((await readThread(mbox)).speakers).toHaveLength(2);
    const pasted = `From: Jason Gunthorpe <jgg@nvidia.com>\nDate: Fri, 9 Jul 2021 13:56:24 -0300\nSubject: Re: locking\n\nThe lock is taken twice.\n`;
    expect(await readThread(pasted)).toEqual(readMail(pasted));
  });
});
