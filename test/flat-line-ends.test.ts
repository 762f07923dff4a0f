import { describe, expect, it } from "vitest";
import { splits, type Split } from "../core/readers/mail/line-ends.js";
import { writerClosingAt } from "../core/readers/mail/writer-closing.js";
import { layoutOf } from "../core/readers/mail/paste-layouts.js";
import { defaultLineModel } from "../core/readers/mail/line-model.js";
import { FLAT_COSTS } from "../core/readers/mail/flat-costs.js";
import { answerAfterFirstLine, unflatten } from "../core/readers/mail/unflatten.js";
import { flat } from "./support/flat-paste.js";
import { readMail } from "../core/readers/mail/read-mail.js";

/** The cost of ending the quoted line after the piece's first `at` words, with reply text after them. */
function costOfEndingAt(piece: string, at: number): number | undefined {
  const options: Split[] = splits(piece.split(" "), layoutOf([]), defaultLineModel, false, false, false);
  return options.find((o) => !o.full && o.split === at)?.cost;
}

describe("flattened pastes: where a quoted line ends before the reply", () => {
  it("makes a quoted line ending mid-name, before the rest of an attribution, cost more than the same end before prose", () => {
    // `> > On Wed, ... Lena` quoted, then `Voss wrote:` as the reply's own attribution: one line cannot be both.
    const opening = "On Wed, May 11, 2022 at 07:13:52PM -0700, Lena";
    const at = opening.split(" ").length;
    const cut = costOfEndingAt(`${opening} Voss wrote:`, at);
    const prose = costOfEndingAt(`${opening} Voss said so.`, at);
    expect(cut).toBeDefined();
    expect(prose).toBeDefined();
    expect(cut ?? 0).toBeGreaterThan((prose ?? 0) + 2);
  });

  it("makes a quoted line ending before reply text that the next marker cuts off mid-sentence cost more than before a finished one", () => {
    // `> ...goes stale. Especially near a stop the value it > reads zero`: the words after the full
    // stop are the rest of a quoted line longer than the wrap width, not a reply between two quotes.
    const opening = "The reading goes stale once the fan slows down.";
    const at = opening.split(" ").length;
    const cutOff = costOfEndingAt(`${opening} Especially near a stop the value it`, at);
    const finished = costOfEndingAt(`${opening} Especially near a stop it reads 0.`, at);
    expect(cutOff ?? 0).toBeGreaterThan((finished ?? 0) + 1.5);
    // The paste's last piece has no marker after it: its words end where the writer stopped.
    const lastPiece = (piece: string): number | undefined => splits(piece.split(" "), layoutOf([]), defaultLineModel, true, false, false).find((o) => !o.full && o.split === at)?.cost;
    expect(lastPiece(`${opening} Especially near a stop the value it`)).toBeCloseTo(lastPiece(`${opening} Especially near a stop it reads 0.`) ?? 0);
  });

  it("makes a quoted line ending on a name's initial, before the rest of an attribution, cost as a cut mid-name", () => {
    // `> > On Mon, ... CET H.` quoted, then `Lena Voss wrote:` as the reply's: an initial ends no sentence.
    const opening = "On Monday, 9 May 2022 16:35:28 CET H.";
    const at = opening.split(" ").length;
    const cut = costOfEndingAt(`${opening} Lena Voss wrote:`, at);
    const prose = costOfEndingAt(`${opening} Lena Voss said so.`, at);
    expect(cut ?? 0).toBeGreaterThan((prose ?? 0) + 2);
  });

  it("makes a quoted line ending mid-name cost as a cut attribution when a snip marker follows the attribution's colon", () => {
    // `> > On Wed, ... Lena` quoted, then `Voss wrote: ...` as the reply's: the `...` stood for the quote it cut.
    const words = "On Wed, May 11, 2022 at 07:13:52PM -0700, Lena Voss wrote: ...".split(" ");
    const colon = words.indexOf("wrote:") + 1;
    // The cheapest early end past the date is at the colon, leaving `...` to the reply, not inside the name.
    const early = splits(words, layoutOf([]), defaultLineModel, false, false, false).filter((o) => !o.full && o.split > 2);
    const cheapest = early.reduce<Split | undefined>((best, o) => (best === undefined || o.cost < best.cost ? o : best), undefined);
    expect(cheapest?.split).toBe(colon);
  });

  it("makes a quoted attribution that runs on into a snip marker cost more than one running on into prose's", () => {
    // `> > On Wed, ... Lena Voss wrote: ...`: the `...` is the reply's, standing where Lena's quote was cut.
    const whole = (piece: string): number | undefined => splits(piece.split(" "), layoutOf([]), defaultLineModel, false, false, false).find((o) => o.full)?.cost;
    const snipped = whole("On Wed, May 11, 2022 at 07:13:52PM -0700, Lena Voss wrote: ...");
    const prose = whole("On Wed, May 11, 2022 at 07:13:52PM -0700, Lena Voss said so ...");
    expect(snipped ?? 0).toBeGreaterThan((prose ?? 0) + 2);
  });

  it("never ends a quoted line on a title before a name, so a nested attribution keeps its writer's name", () => {
    // `> > > On Sat, ... Dr.` quoted, then `Ann Lee wrote: ...` as the reply's: a title ends no line.
    const piece = "On Sat, May 01, 2021 at 07:50:42PM +0000, Dr. Ann Lee wrote: ...".split(" ");
    const title = piece.indexOf("Dr.") + 1;
    expect(splits(piece, layoutOf([]), defaultLineModel, false, false, false).some((o) => o.split === title)).toBe(false);
    const paste = flat([
      "From: Bo Kim > Sent: 02 May 2021 10:11 > > On Mon, May 03, 2021 at 08:25:45PM +0000, Dr. Ann Lee wrote:",
      "> > * Bo Kim (bo@example.org) wrote: > > > On Sat, May 01, 2021 at 07:50:42PM +0000, Dr. Ann Lee wrote: ...",
      "> > > > > - int count; + u32 count; > > > > > > > > Have you thought about a wider type here since the length comes from strlen?",
      "> > > > > > I did, but the others disliked it. I would rather keep it narrow. Cheers, Bo",
    ]);
    const nested = unflatten(paste, undefined, true)?.find((l) => l.text.includes("May 01"));
    expect(nested?.depth).toBe(3);
    expect(nested?.text).toMatch(/^On Sat, May 01, 2021 at 07:50:42PM \+0000, Dr\. Ann Lee wrote:/u);
  });

  it("leaves a quote ending at a sentence end free to be followed by the reply's attribution", () => {
    const opening = "The timer keeps running while the board sleeps.";
    const at = opening.split(" ").length;
    const attribution = costOfEndingAt(`${opening} On Wed, May 11, 2022, Lena Voss wrote:`, at);
    const prose = costOfEndingAt(`${opening} On Wed, May 11, 2022, Lena Voss said so.`, at);
    expect(attribution).toBeDefined();
    expect(attribution).toBeCloseTo(prose ?? 0, 6);
  });

  it("makes a quoted trailer that runs on past its address into more words cost more than ending at the address", () => {
    // `> Signed-off-by: Ann Lee <ann@example.org> Hi Ann, ...`: the words after the address carry no marker.
    const piece = "Signed-off-by: Ann Lee <ann@example.org> Hi Ann, one comment inline. Thanks, Bo".split(" ");
    const options = splits(piece, layoutOf([]), defaultLineModel, false, false, false);
    const atAddress = options.find((o) => !o.full && o.split === 4)?.cost;
    const whole = options.find((o) => o.full)?.cost;
    expect(atAddress).toBeDefined();
    expect(whole ?? 0).toBeGreaterThan(atAddress ?? Infinity);
  });
});

describe("flattened pastes: where a paragraph quoted whole may end", () => {
  const paragraphs = { wrap: 4000, sentenceSplitsOnly: true };

  it("ends it early only at a sentence end, or where the writer's closing words at the paste's end start", () => {
    const piece = "the fan spins up at boot. then it stays loud for a while and the log shows nothing odd Best regards, Ann".split(" ");
    const early = splits(piece, paragraphs, defaultLineModel, true, false, false).filter((o) => !o.full);
    const closing = writerClosingAt(piece);
    expect(early.length).toBeGreaterThan(0);
    for (const o of early) expect(o.split === closing || /[.?!]$/u.test(piece[o.split - 1] ?? "")).toBe(true);
    expect(early.some((o) => o.split === closing)).toBe(true);
  });

  it("starts the writer's words at a delimiter with a closing under it, however long the company block below", () => {
    const block = "-- Regards, Ann Lee Example Widgets GmbH Hauptstr. 12 10115 Berlin Managing directors: Jo Bloggs, Li Peng Registered at the court of Berlin under HRB 123456 B VAT ID: DE 123 456 789";
    expect(writerClosingAt(block.split(" "))).toBe(0);
    // A dash in the quoted text with prose under it is no delimiter of the writer's.
    expect(writerClosingAt("-- the old path still runs on every boot and we never saw the fan stop, so the fix looks right".split(" "))).toBeGreaterThan(0);
  });

  it("tries no more than forty sentence ends", () => {
    const piece = Array.from({ length: 60 }, (_, i) => `Step ${String(i)} is done.`).join(" ").split(" ");
    const early = splits(piece, paragraphs, defaultLineModel, false, false, false).filter((o) => !o.full);
    expect(Math.max(...early.map((o) => o.split))).toBeLessThanOrEqual(40 * 4);
  });
});

describe("flattened pastes: where a quoted line ends, in whole pastes", () => {
  it("ends a quoted line at the sentence end an answer word follows, not at the wrap width", () => {
    const lines = unflatten(
      flat([
        "On Wed, 5 Jun 2024, Ria Stam <ria@example.org> wrote:",
        "> The probe runs before the clocks are up, so the first read of the status",
        "> register returns zero and the driver gives up on the device for good.",
        "> Should it be deferred?",
        "Yes, I will send a v2 that defers the probe. It also drops the retry loop, which never helped.",
        "> A retry loop would hide the real ordering problem, which is the reason",
        "> I asked.",
        "Agreed.",
      ]),
      undefined,
      true,
    );
    expect(lines?.filter((l) => l.text !== "").slice(3).map((l) => [l.depth, l.text])).toEqual([
      [1, "Should it be deferred?"],
      [0, "Yes, I will send a v2 that defers the probe. It also drops the retry loop, which never helped."],
      [1, "A retry loop would hide the real ordering problem, which is the reason"],
      [1, "I asked."],
      [0, "Agreed."],
    ]);
  });

  it("reads thanks after quoted blank lines as a shallower answer, not a deeper quote", () => {
    // A patch quoted three levels deep, then its review two levels deep below a quoted blank line:
    // flattened, `> > > > Thanks`, one run that could also be a line four levels deep. `Thanks` opens an
    // answer, at the depth the blank line went back to.
    const thread = readMail(
      flat([
        "On Thu 19-08-26 10:34:32, Vera Lind wrote:",
        "> On Friday 13 August 2026 15:48:22 Ivo Brandt wrote:",
        "> > On Sun 08-08-26 18:24:36, Vera Lind wrote:",
        "> > > Currently the frob=fast mount option is broken. To use fast mode,",
        "> > > it is required to use the turbo mount option.",
        "> > >",
        "> > > Fix frob=fast to be equivalent to the turbo option.",
        "> > >",
        "> > > Signed-off-by: Vera Lind <vera@example.org>",
        "> >",
        "> > Thanks for the cleanup. It looks good. Feel free to add:",
        "> >",
        "> > Reviewed-by: Ivo Brandt <ivo@example.org>",
        "> >",
        "> > Or should I take this patch through my tree?",
        ">",
        "> Well, if you have already done tests then feel free to take it through",
        "> your tree.",
        "OK, I've pulled the fix to my tree.",
      ]),
    );
    const review = thread.segments.find((s) => s.text.startsWith("Thanks for the cleanup"));
    expect(review?.depth).toBe(2);
    expect(thread.speakers.find((s) => s.id === review?.speaker)?.name).toBe("Ivo Brandt");
  });

  it("ends a quoted line at its question rather than running on into the answer after it", () => {
    const lines = unflatten(
      flat([
        "On Thu, 6 Jun 2024, Odo Berg <odo@example.org> wrote:",
        "> The reset line is held low for ten milliseconds before the controller is",
        "> released by the driver, is that long enough?",
        "It is on the boards I have here. Longer resets only slowed the boot.",
        "> Then I will keep it as it is for now.",
        "Thanks,",
        "Ria",
      ]),
      undefined,
      true,
    );
    expect(lines?.filter((l) => l.text !== "").slice(2, 4).map((l) => [l.depth, l.text])).toEqual([
      [1, "released by the driver, is that long enough?"],
      [0, "It is on the boards I have here. Longer resets only slowed the boot."],
    ]);
  });

  it("ends a quoted line at its last question when it asks two, not at the first", () => {
    const lines = unflatten(
      flat([
        "On Fri, 7 Jun 2024, Ria Stam <ria@example.org> wrote:",
        "> The board resets when the fan spins up, and only when it runs from the",
        "> adapter. Does the driver raise the fan speed before the rail is stable",
        "> at boot? If so, could the inrush be enough to trip the supply?",
        "In my tests, yes. Holding the fan off for a second made the resets go away.",
        "> Then a short delay in the probe should be enough for now.",
        "Thanks,",
        "Odo",
      ]),
      undefined,
      true,
    );
    expect(lines?.filter((l) => l.text !== "").slice(3, 5).map((l) => [l.depth, l.text])).toEqual([
      [1, "at boot? If so, could the inrush be enough to trip the supply?"],
      [0, "In my tests, yes. Holding the fan off for a second made the resets go away."],
    ]);
  });

  // Read right by the line model fitted on the corpus alone; the shipped one, which counts eval/mail's
  // real replies too (and gains flattened words on lists it never counted), ends the quote after `mount`.
  // A known misreading: this test fails while it lasts and passes once it is fixed.
  it.fails("does not end a long quoted command line before a word glued to a dash", () => {
    const command = "mount -t overlay overlay -o lowerdir=/srv/base,upperdir=/srv/upper/data,workdir=/srv/upper/work,noatime /srv/merged";
    const lines = unflatten(
      flat([
        "On Sat, 8 Jun 2024, Odo Berg <odo@example.org> wrote:",
        "> The merged view loses the labels on both boxes after a",
        "> reboot, though the lower layer still has them. I mount it with",
        `> ${command}`,
        "Which kernel is on the second box?",
        "> The same one as on the first.",
        "Then it is not the kernel.",
      ]),
      undefined,
      true,
    );
    // The option after the command's name goes on with it: the reply cannot open there.
    const line = lines?.filter((l) => l.text !== "")[3];
    expect(line?.depth).toBe(1);
    expect(line?.text.startsWith(command)).toBe(true);
  });
});

describe("flattened pastes: a long piece after a lone marker", () => {
  it("reads its first sentence as the quote's last line where an answer opens the next", () => {
    // `> What tree? > It is not mainline. Ah, yes, …`: not a quoted blank line with the whole piece
    // below it as reply, but the quote's last line with the answer glued after it.
    const lines = unflatten(
      flat([
        "Hello Ria,",
        "> Which tree is this series based on?",
        "> It does not even seem to be based on a mainline kernel.",
        "Ah, yes, it is from the vendor tree, which is still on an older release that we have to carry for the board.",
        "> Please base the series on the latest mainline kernel.",
        "Will rebase it and send v5 shortly.",
        "~Odo",
      ]),
      undefined,
      true,
    );
    expect(lines?.filter((l) => l.text !== "").slice(1, 4).map((l) => [l.depth, l.text])).toEqual([
      [1, "Which tree is this series based on?"],
      [1, "It does not even seem to be based on a mainline kernel."],
      [0, "Ah, yes, it is from the vendor tree, which is still on an older release that we have to carry for the board."],
    ]);
  });

  it("finds the answer only after a first sentence that fits on one line", () => {
    const words = (text: string): string[] => text.split(" ");
    expect(answerAfterFirstLine(words("It is not mainline. Ah, yes, it is from the vendor tree."), 72, FLAT_COSTS)).toBeGreaterThan(0);
    expect(answerAfterFirstLine(words("It is not mainline. It is from the vendor tree. Yes, really."), 72, FLAT_COSTS)).toBe(0);
    const long = "It is not based on any kernel that anybody upstream would recognise as mainline at all.";
    expect(answerAfterFirstLine(words(`${long} Yes, it is from the vendor tree.`), 72, FLAT_COSTS)).toBe(0);
  });
});

describe("flattened pastes: a piece finishing the sentence its line before broke off", () => {
  it("makes the quoted line running on past that sentence's end cost more than the same piece elsewhere", () => {
    // `> ...keeps the > warning away. Sorry for the noise, I misread it.`: the wrapped paragraph's
    // short last line ends at the full stop, and the reply is glued after it.
    const words = "warning away. Sorry for the noise, I misread it.".split(" ");
    const wholeCost = (continues: boolean): number => splits(words, layoutOf([]), defaultLineModel, false, false, false, continues).find((o) => o.full)?.cost ?? 0;
    const endCost = (continues: boolean): number | undefined => splits(words, layoutOf([]), defaultLineModel, false, false, false, continues).find((o) => !o.full && o.split === 2)?.cost;
    expect(wholeCost(true)).toBeGreaterThan(wholeCost(false));
    expect(endCost(true)).toBe(endCost(false));
  });
});
