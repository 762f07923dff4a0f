import { describe, expect, it, vi } from "vitest";
import { contextKeyOf } from "../core/readers/mail/line-model.js";
import { MarkerRuns } from "../core/readers/mail/marker-runs.js";
import { readMail } from "../core/readers/mail/read-mail.js";
import { unflatten } from "../core/readers/mail/unflatten.js";
import { flat } from "./support/flat-paste.js";

// A GroupWise reply: its attribution opens with `>>> ` and wraps before the Message-ID.
const GROUPWISE_REPLY = flat([
  "Hi! Would it not be simpler to retry once before failing the whole session?",
  "Regards,",
  "Uwe",
  ">>> Ria Stam <ria.stam@example.org> schrieb am 14.03.2023 um 09:41 in",
  "Nachricht <5f2c0e11-aa90-4c1e-9d3b-7a1e2f04c6d2@example.org>:",
  "> On 3/13/23 5:02 PM, Odo Berg wrote:",
  ">> The session drops whenever the target restarts, and the initiator never",
  ">> logs in again until the service is restarted by hand.",
  ">",
  "> That is expected with the current timeout; raising it should help.",
]);

describe("unflatten", () => {
  it("recovers quoted lines, blank quoted lines and the reply after them", () => {
    const lines = unflatten(
      flat([
        "On Tue, 3 May 2022, Ann Lee <ann@example.org> wrote:",
        "> The handler never clears the status register, so the interrupt fires",
        "> again as soon as it returns.",
        ">",
        "> I can send a v3 with the clear moved into the handler.",
        "Yes please, and keep the barrier.",
        "Thanks,",
        "Mikey",
      ]),
      undefined,
      true,
    );
    expect(lines?.filter((l) => l.text !== "").map((l) => [l.depth, l.text])).toEqual([
      [0, "On Tue, 3 May 2022, Ann Lee <ann@example.org> wrote:"],
      [1, "The handler never clears the status register, so the interrupt fires"],
      [1, "again as soon as it returns."],
      [1, "I can send a v3 with the clear moved into the handler."],
      [0, "Yes please, and keep the barrier."],
      [0, "Thanks,"],
      [0, "Mikey"],
    ]);
  });

  it("reads a `>` in quoted code as text, not as the prefix of a new line", () => {
    const lines = unflatten(
      flat([
        "On Mon, Nov 6, 2023 at 9:12 AM Bo Chen <bo@example.org> wrote:",
        "> The flow that hangs is the drain path in the client:",
        ">",
        ">     if (atomic_inc_return(&ep->re_receiving) > 1)",
        ">         wait_for_completion(&ep->re_done);",
        ">",
        "> Nothing resets the counter when the allocation fails.",
        "Can you check whether this still happens on the latest kernel?",
      ]),
      undefined,
      true,
    );
    const code = lines?.find((l) => l.text.includes("atomic_inc_return"));
    expect(code).toMatchObject({ depth: 1 });
    expect(code?.text).toContain("> 1)");
    expect(lines?.some((l) => l.text.startsWith("1)"))).toBe(false);
  });

  it("splits an attribution out of run-on text after a trailer's address", () => {
    const lines = unflatten(
      flat([
        "Works here. Tested-by: Rui Vale <rui@example.org>",
        "On Wed, Mar 6, 2024 at 8:15 AM Lena Odum <lena@example.net> wrote:",
        "> The retry loop gives up after one pass when the queue is full, so the",
        "> caller sees a spurious timeout instead of waiting for the slot.",
      ]),
      undefined,
      true,
    );
    expect(lines?.filter((l) => l.text !== "").map((l) => [l.depth, l.text])).toEqual([
      [0, "Works here."],
      [0, "Tested-by: Rui Vale <rui@example.org>"],
      [0, "On Wed, Mar 6, 2024 at 8:15 AM Lena Odum <lena@example.net> wrote:"],
      [1, "The retry loop gives up after one pass when the queue is full, so the"],
      [1, "caller sees a spurious timeout instead of waiting for the slot."],
    ]);
  });

  it("splits out an attribution no pattern knows, read by its evidence", () => {
    const lines = unflatten(
      flat([
        "Acked-by: Rui Vale <rui@example.org>",
        "在 2024/3/6 08:15, Lena Odum 写道:",
        "> The retry loop gives up after one pass when the queue is full, so the",
        "> caller sees a spurious timeout instead of waiting for the slot.",
      ]),
      undefined,
      true,
    );
    expect(lines?.filter((l) => l.text !== "").map((l) => [l.depth, l.text]).slice(0, 2)).toEqual([
      [0, "Acked-by: Rui Vale <rui@example.org>"],
      [0, "在 2024/3/6 08:15, Lena Odum 写道:"],
    ]);
  });

  it("keeps a run-on attribution whole from its lead word, its date and its drawn dashes included", () => {
    const attributionOf = (reply: string, attribution: string): string | undefined =>
      unflatten(flat([reply, attribution, "> The queue drains too early when the link flaps twice within the same second,", "> and the caller sees a timeout."]), undefined, true)?.find(
        (l) => l.depth === 0 && l.text.endsWith("wrote:"),
      )?.text;
    // No full stop before `On`, and a comma after the weekday or the time that reads like a sign-off.
    expect(attributionOf("Will apply it in a moment", "On Thu, 2024-05-16 at 17:03 -0600, Ada Moss wrote:")).toBe("On Thu, 2024-05-16 at 17:03 -0600, Ada Moss wrote:");
    expect(attributionOf("Hi,", "On 5/16/24 10:37 AM, Ada Moss wrote:")).toBe("On 5/16/24 10:37 AM, Ada Moss wrote:");
    // A middle initial ends in a full stop: the name the parser cannot read does not cut the line.
    expect(attributionOf("Looks right to me", "On Wed, 2024-05-15 at 23:48 +0200, Ada B. Moss wrote:")).toBe("On Wed, 2024-05-15 at 23:48 +0200, Ada B. Moss wrote:");
    expect(attributionOf("Thanks", "----- On 16 May, 2024, at 22:26, ada ada@example.org wrote:")).toBe("----- On 16 May, 2024, at 22:26, ada ada@example.org wrote:");
  });

  it("sets apart a dated attribution above a quote its client left unmarked, but no colon in prose", () => {
    const texts = (parts: string[]): string[] | undefined => unflatten(flat(parts), undefined, true)?.map((l) => l.text);
    const yahoo = "On Monday, May 13, 2024, 09:24:32 AM EDT, Ada Moss <ada@example.org> wrote:";
    expect(texts(["Both ports came back after the switch was rebooted. Ben", yahoo, "Hello all, is the node able to tell a dead link from a disabled port on the switch?"])).toEqual([
      "Both ports came back after the switch was rebooted.",
      "",
      "Ben",
      "",
      yahoo,
      "",
      "Hello all, is the node able to tell a dead link from a disabled port on the switch?",
    ]);
    // A lead word and a colon without a time or an address is prose going on.
    expect(texts(["The name has a history. Quoting Wikipedia, : it is a way of folding each sheet once, : and a book made that way."])).toBeUndefined();
  });

  it("sets a gateway's banner under pasted headers apart from the text it ran into", () => {
    const banner = "This email originated from outside of the organization. Do not click links or open attachments unless you recognize the sender and know the content is safe.";
    const lines = unflatten(
      flat([
        "Thanks, that helps. Ben",
        "From: Ada Moss <ada@example.org> Sent: Monday, May 13, 2024 8:01 PM To: Ben Ode <ben@example.org> Subject: Re: ports",
        banner,
        "Hi Ben, nothing is known to break between two guests on one host, we run that way almost all the time. Have you tried a plain ping between them first?",
      ]),
      undefined,
      true,
    );
    expect(lines?.map((l) => l.text).slice(-4)).toEqual(["", banner, "", expect.stringMatching(/^Hi Ben,/u)]);
  });

  it("reads a header block whose recipient list runs past thirty words up to its subject", () => {
    const names = Array.from({ length: 24 }, (_, k) => `Name${k} Surname${k};`).join(" ");
    const lines = unflatten(
      flat([
        "Looks fine to me, thanks. Ben",
        `From: Ada Moss Sent: Monday, May 13, 2024 8:01 PM To: ${names} Cora Vale Cc: list@example.org; other@example.org Subject: [PATCH] queue: drop the retry`,
        "The retry was never taken once the lock moved, so it goes.",
      ]),
      undefined,
      true,
    );
    expect(lines?.map((l) => l.text).slice(-5)).toEqual([
      expect.stringMatching(/^To: Name0 .* Cora Vale$/u),
      "Cc: list@example.org; other@example.org",
      "Subject: [PATCH] queue: drop the retry",
      "",
      "The retry was never taken once the lock moved, so it goes.",
    ]);
  });

  it("splits a signature off the end of a patch that follows a rule", () => {
    const lines = unflatten(
      flat([
        "Hi Oskar, the fix below works for me. > Could you check whether the build still warns with",
        "> the older toolchain? It does not here. ---",
        "src/queue.c | 2 +- 1 file changed, 1 insertion(+), 1 deletion(-) retry = 0; - if (full)",
        "+ if (full && !retry) wait_for_slot(q);",
        "--",
        "Cheers Mirela",
      ]),
      undefined,
      true,
    );
    expect(lines?.slice(-3).map((l) => [l.depth, l.text])).toEqual([
      [0, ""],
      [0, "-- "],
      [0, "Cheers Mirela"],
    ]);
  });

  it("gives each trailer in run-on patch text a line of its own", () => {
    const lines = unflatten(
      "The timer is armed twice when the link flaps, so the second expiry frees the entry again. " +
        "Check the flag before arming it. Signed-off-by: Tove Arnesen <tove@example.org> Reviewed-by: Ida Brun <ida@example.net> " +
        "Cc: stable@example.org --- net/link/timer.c | 4 +++-",
      undefined,
      true,
    );
    const texts = lines?.map((l) => l.text);
    expect(texts).toContain("Signed-off-by: Tove Arnesen <tove@example.org>");
    expect(texts).toContain("Reviewed-by: Ida Brun <ida@example.net>");
  });

  it("reads each distinct marker run once for all the flattened lines of a paste, not once per line", () => {
    const message = (who: string): string =>
      flat([
        `On Fri, 2 Jun 2023, ${who} <${who.toLowerCase()}@example.org> wrote:`,
        "> > Does the reset path still hold the queue lock when it",
        "> > drops the last reference?",
        "> It does, the unlock comes after the put.",
        "Then the lockdep splat is a false positive. Thanks,",
        "Rui",
      ]);
    // Runs `> >` and `>`, each read once: a second pasted message with the same runs reads none again.
    const read = vi.spyOn(MarkerRuns.prototype as unknown as { readingsOf: (run: readonly number[]) => unknown }, "readingsOf");
    try {
      readMail(`${message("Ann")}\n\n${message("Bea")}`);
      expect(read).toHaveBeenCalledTimes(2);
    } finally {
      read.mockRestore();
    }
  });

  it("keeps whole quoted paragraphs whole above older mail wrapped at 72 columns", () => {
    const paragraphs = [
      "We upgraded the gateways to the new firmware last week and since then the throughput on the backup link drops by about a third whenever the primary link flaps, which did not happen with the old release at all.",
      "Turning the offload feature off brings the old numbers back, so it looks like the new coalescing logic holds packets in the queue far longer than it should when the link comes back up again.",
      "Could this be related to the timer change that went in with the coalescing patch, since the interval there is now computed from the round trip estimate rather than being a fixed value as before?",
      "We can run any test you like on the lab setup, it has the same hardware as production and shows the same drop every time we pull the cable on the primary side of the pair.",
    ];
    const older = [
      "> > The coalescing logic now waits for the round trip estimate before it",
      "> > flushes the queue, which saves a lot of small packets on busy links",
      "> > and costs nothing measurable on idle ones in our tests so far.",
      "> >",
      "> > The interval used to be fixed at two milliseconds, which was far too",
      "> > short on long links and far too long on short ones, so the estimate",
      "> > is taken from the link layer instead of the old constant value.",
      "> >",
      "> > Signed-off-by: Ola Nordmann <ola@example.org>",
      "> > ---",
      "> >  net/link/queue.c | 42 ++++++++++++++++++++++++++++++++++++++-------",
      "> >  net/link/timer.c | 17 ++++++++++-------",
      "> >  2 files changed, 43 insertions(+), 16 deletions(-)",
      "> >",
      "> > v2: take the estimate from the link layer, not from the socket",
      "> > v3: rebased on top of the current tree, no other changes made",
    ];
    const lines = unflatten(
      flat([
        "On 3/2/21 9:14 AM, Kari Nordmann wrote:",
        "> Hi Ola,",
        ">",
        ...paragraphs.slice(0, 3).flatMap((p) => [`> ${p}`, ">"]),
        "Yes, the interval is the likely cause. I will send a fix.",
        ">",
        `> ${paragraphs[3]}`,
        ">",
        "> -----Original Message-----",
        "> From: Ola Nordmann <ola@example.org>",
        "> Sent: Monday, March 1, 2021 10:02 AM",
        "> Subject: [PATCH v3] link: coalesce small packets",
        ">",
        ...older,
      ]),
      undefined,
      true,
    );
    // Each paragraph is one quoted line: none of its tail falls out of the quote as a reply.
    for (const p of paragraphs) expect(lines?.some((l) => l.depth === 1 && l.text.includes(p.slice(-40)))).toBe(true);
    expect(lines?.find((l) => l.text.startsWith("The coalescing logic"))?.depth).toBe(2);
  });

  it("ends a wrapped quote where its last line outruns the line its client broke before it, in a paste of whole paragraphs", () => {
    const paragraphs = [
      "Since the upgrade the nightly build on the big box stalls for minutes at a time, always in the same place, and the console fills with warnings about mappings that do not match.",
      "The stall goes away when the build runs on a single core, which makes me think two walkers race over the same page while one of them still holds the lock for the whole list.",
      "I can try any patch you have on that box, it is a spare one and nothing else runs there, so a crash costs nothing but a reboot and a few minutes of my time.",
    ];
    const lines = unflatten(
      flat([
        "On Tue, 4 Jun 2024, Ben Okafor <ben@example.org> wrote:",
        "> On 3 Jun 2024, Ada Park wrote:",
        ...paragraphs.flatMap((p) => [`>> ${p}`, ">>"]),
        "> The stall most likely comes from the flush loop walking every mapping of",
        "> the page while it holds the lock, and the timings fit that.",
        "I tried that on the spare box with the lock dropped between mappings and the build ran through twice without a single stall or warning.",
        "> Ben",
        "> --",
        "> Ben Okafor ben@example.org",
        "thanks, ada",
      ]),
      undefined,
      true,
    );
    expect(lines?.find((l) => l.text.startsWith("I tried that"))?.depth).toBe(0);
    expect(lines?.find((l) => l.text.includes("timings fit that"))?.depth).toBe(1);
    // The quoted signature keeps its delimiter on a line of its own (`> Ben > --` is no comparison),
    // and the writer's closing words at the end, in lowercase, are the writer's.
    expect(lines?.filter((l) => l.text !== "").slice(-5)).toMatchObject([
      { depth: 1, text: "Ben" },
      { depth: 1, text: "--" },
      { depth: 1, text: "Ben Okafor ben@example.org" },
      { depth: 0, text: "thanks," },
      { depth: 0, text: "ada" },
    ]);
  });

  // The shipped line model ends the quoted part of the attribution early (after the name); the
  // reconstruction still keeps the whole attribution on the writer's line (rebuild-lines.ts, opensAttribution).
  it("keeps a GroupWise attribution, marked like a quote, whole on the writer's line above the quote it introduces", () => {
    const lines = unflatten(
      GROUPWISE_REPLY,
      undefined,
      true,
    );
    expect(lines?.find((l) => l.text.includes("schrieb am"))).toMatchObject({
      depth: 0,
      text: "Ria Stam <ria.stam@example.org> schrieb am 14.03.2023 um 09:41 in Nachricht <5f2c0e11-aa90-4c1e-9d3b-7a1e2f04c6d2@example.org>:",
    });
    expect(lines?.find((l) => l.text.startsWith("On 3/13/23"))?.depth).toBe(1);
  });

  it("gives a GroupWise reply's quote to the writer its attribution names, not to the Message-ID", () => {
    const thread = readMail(GROUPWISE_REPLY);
    const name = (id: string | null): string | undefined => thread.speakers.find((s) => s.id === id)?.name;
    const quote = thread.segments.find((s) => s.text.startsWith("That is expected"));
    expect(name(quote?.speaker ?? null)).toBe("Ria Stam");
  });

  it("reads a run that breaks the prefix style before it as a quoted blank line and a shallower line", () => {
    const lines = unflatten(
      flat([
        "On Fri, Mar 3, 2023 at 9:10 AM Ola Berg <ola@example.org> wrote:",
        ">>> On Thu, Mar 2, 2023 at 4:01 PM Ken Ito <ken@example.org> wrote:",
        ">>>> On Wed, Mar 1, 2023 at 2:20 PM Ola Berg <ola@example.org> wrote:",
        ">>>>>> The table needs one more entry for the new board:",
        ">>>>>>",
        ">>>>>> - acme,widget-v2",
        ">>>",
        ">>>> We cannot list a board that was never released, it would confuse users.",
        ">>>",
        ">>> Then the entry should wait for the release.",
        ">",
        "> Agreed, I will drop it from v3. Thanks for the reviews.",
      ]),
      undefined,
      true,
    );
    // `>>> >>>>` after `>>>>>>` lines is no prefix a client writes: a blank line at 3, then a line at 4.
    expect(lines?.find((l) => l.text.startsWith("We cannot"))?.depth).toBe(4);
    expect(lines?.find((l) => l.text.startsWith("Then the entry"))?.depth).toBe(3);
  });
  it("reads a run repeated on the next line the same way: the first line of a quote two deep is not one level up", () => {
    const lines = unflatten(
      flat([
        "On Wed, Mar 30, 2022 at 10:48:13AM +0800, Ann Lee wrote:",
        "> > The first line of the quoted text goes on for a while",
        "> > and this continues the sentence in lowercase up to the",
        "> > wrap with a third line here.",
        "Looks fine to me.",
      ]),
      undefined,
      true,
    );
    // Not `>` (a blank line at 1) then `> The first line` at 1, with `> >` meaning a line at 2 from the next line on.
    expect(lines?.find((l) => l.text.startsWith("The first line"))?.depth).toBe(2);
    expect(lines?.find((l) => l.text.startsWith("and this continues"))?.depth).toBe(2);
  });
  it("reads a run after a wrapped line that ended a sentence with room to spare as a blank line and a shallower line", () => {
    const lines = unflatten(
      flat([
        "Hi!",
        "> >>The timer is armed twice when the device resumes, which",
        "> >>looks wrong to me.",
        "> >",
        "> >It is armed once per channel. I can add a comment if it helps",
        "> >the next reader.",
        ">",
        "> Please do, and I will take the patch then.",
        "Thanks! I will send it today.",
        "Pavel",
      ]),
      undefined,
      true,
    );
    // `reader. > > Please`: `Please` would have fit on the line before, so its writer broke there, a paragraph's end.
    expect(lines?.find((l) => l.text.startsWith("the next reader"))?.depth).toBe(2);
    expect(lines?.find((l) => l.text.startsWith("Please do"))?.depth).toBe(1);
  });
  it("still reads the quote an attribution introduces a level deeper, the same run before both", () => {
    const lines = unflatten(
      flat([
        "On Sat, 27 Aug 2022 at 09:29, Wen Zhao <wen@example.org> wrote:",
        ">",
        "> 在 2022/8/26 20:27, Ola Berg 写道:",
        "> > syz test https://git.example.org/pub/scm/linux/kernel/git/torvalds/linux.git master",
        "> >",
        "> > Looks like it is the wrong check order that causes this bug.",
        "> >",
        "> > Signed-off-by: Ola Berg <ola@example.org>",
        "It works here.",
      ]),
      undefined,
      true,
    );
    // The attribution's line is not held to the prefix the quote under it repeats.
    expect(lines?.find((l) => l.text.startsWith("在"))?.depth).toBe(1);
    expect(lines?.find((l) => l.text.startsWith("syz test"))?.depth).toBe(2);
  });
  it("finds the sign-off at the end of a reply that a `>` in its text carried on", () => {
    const thread = readMail(
      flat([
        "On Mon, 6 Mar 2023, Ivo Marsh wrote:",
        "> Which of the calls should the page list for wide characters?",
        ">",
        "> The multibyte ones work when the locale is set.",
        "I would list both, and say when the wide ones are needed: when MB_CUR_MAX > 1 the",
        "byte functions cannot see where a character ends, so the page should say that too.",
        "",
        "Greta",
      ]),
    );
    const name = (id: string | null): string | undefined => thread.speakers.find((s) => s.id === id)?.name;
    const reply = thread.segments.find((s) => s.text.startsWith("I would list"));
    expect(name(reply?.speaker ?? null)).toBe("Greta");
  });
  it("counts a Chinese client's attribution as one in the line model, as the quote below it goes a level deeper", () => {
    // The beam reads the depth after a line from transitions counted after attributions: a line
    // not seen as one keeps the quote it introduces at its own depth.
    expect(contextKeyOf("在 2023/6/3 20:27, Wen Zhao 写道:", false, false).startsWith("A")).toBe(true);
    expect(contextKeyOf("在 2023/6/3 20:27, Wen Zhao 写道：", false, false).startsWith("A")).toBe(true);
    expect(contextKeyOf("其他人写的代码在这里：", false, false).startsWith("A")).toBe(false);
  });
});
