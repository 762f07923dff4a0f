import { describe, expect, it } from "vitest";
import { mention, mergeMentions } from "../core/thread/speakers.js";
import { calls, cleanName, findEmail, givenName } from "../core/thread/names.js";
import { readMail } from "../core/readers/mail/read-mail.js";

const names = (mentions: Parameters<typeof mergeMentions>[0]): string[] => mergeMentions(mentions).speakers.map((s) => s.name);

describe("mergeMentions: one person, one speaker", () => {
  it("merges a full name, a sign-off first name and a redacted address of the same person", () => {
    const merged = mergeMentions([
      mention("Jason Gunthorpe", "jgg@xxxxxxxx", ""),
      mention("Daniel Vetter", null, ""),
      mention("Daniel", null, ""),
      mention(null, "jgg@nvidia.com", ""),
    ]);
    expect(merged.speakers.map((s) => s.name)).toEqual(["Jason Gunthorpe", "Daniel Vetter"]);
    expect(merged.speakers[0]?.email).toBe("jgg@nvidia.com");
    expect(merged.speakers[1]?.aliases).toContain("Daniel");
  });

  it("joins an address the archive shortened (`qui...@`) to the one full address it abbreviates", () => {
    const merged = mergeMentions([
      mention("Pella Quist", "quistp@example.net", ""),
      mention(null, "qui...@example.net", ""),
      mention(null, "qui...@example.org", ""),
    ]);
    expect(merged.speakers.map((s) => s.name)).toEqual(["Pella Quist", "qui..."]);
    expect(merged.speakers[0]?.email).toBe("quistp@example.net");
    // Two full addresses with that prefix: no telling which.
    const shared = mergeMentions([
      mention("Quincy Adams", "quincy@example.net", ""),
      mention("Pella Quist", "quistp@example.net", ""),
      mention(null, "qui...@example.net", ""),
    ]);
    expect(shared.speakers).toHaveLength(3);
  });

  it("reads a repeated mention as the first like it, but never two placeholders as one", () => {
    // Speed only (repeats skip the steps their first has done): the outcome must be what each mention read alone gives.
    const repeated = [mention("Tamsin Orr", "t.orr@example.net", ""), mention("Tamsin", null, ""), mention(null, null, "unknown (author)")];
    const merged = mergeMentions([...repeated, ...repeated, ...repeated]);
    expect(merged.speakers.map((s) => s.name)).toEqual(["Tamsin Orr", "unknown (author)", "unknown (author)", "unknown (author)"]);
    expect(merged.speakers[0]?.aliases).toEqual(["Tamsin", "t.orr@example.net"]);
  });

  it("also knows a display name without the comment after it (`Name (Employer)`)", () => {
    const merged = mergeMentions([mention("Orla Venn (Acme)", null, "")]);
    expect(merged.speakers[0]?.name).toBe("Orla Venn (Acme)");
    expect(merged.speakers[0]?.aliases).toContain("Orla Venn");
  });

  it("treats transliterated spellings as one name (Håkon/Haakon, König/Koenig)", () => {
    expect(names([mention("Håkon Bugge", null, ""), mention("Haakon Bugge", null, "")])).toHaveLength(1);
    expect(names([mention("Christian König", null, ""), mention("Christian Koenig", null, "")])).toHaveLength(1);
    // Letters with a stroke, or without a dot, written plain: Łukasz/Lukasz, Đorđe/Dorde, Işık/Isik.
    expect(names([mention("Łukasz Wrona", null, ""), mention("Lukasz Wrona", null, "")])).toHaveLength(1);
    expect(names([mention("Đorđe Marić", null, ""), mention("Dorde Maric", null, "")])).toHaveLength(1);
    expect(names([mention("Işık Tan", null, ""), mention("Isik Tan", null, "")])).toHaveLength(1);
  });

  it("inverts `Last, First` and leaves an ambiguous first name alone", () => {
    expect(names([mention("Jason Gunthorpe", null, ""), mention("Jason Ekstrand", null, ""), mention("Jason", null, "")])).toEqual([
      "Jason Gunthorpe",
      "Jason Ekstrand",
      "Jason",
    ]);
  });

  it("joins a first name once the full names it could be have turned out to be one person", () => {
    // The first `Dan` is ambiguous; then `Al` (Dan Smith's address) joins Al Green, who has Dan Jones's
    // address, so the second `Dan` (and with it the first) finds one person.
    const mentions = [
      mention("Dan Smith", "a@x.org", ""),
      mention("Dan Jones", "b@x.org", ""),
      mention("Dan", null, ""),
      mention("Al", "a@x.org", ""),
      mention("Al Green", "b@x.org", ""),
    ];
    expect(names(mentions)).toHaveLength(2);
    expect(names([...mentions, mention("Dan", null, "")])).toHaveLength(1);
  });

  it("leaves a first name alone among thousands of full names that start with it", () => {
    const many = Array.from({ length: 5000 }, (_, i) => mention(`Bob Q${i}`, null, ""));
    expect(names([...many, mention("Bob", null, ""), mention("Bob", null, "")])).toHaveLength(5001);
  });

  it("joins a lowercase handle that spells one full name run together (`zhouwenqiang`), never two", () => {
    expect(names([mention("Wenqiang Zhou", null, ""), mention("zhouwenqiang", null, "")])).toEqual(["Wenqiang Zhou"]);
    expect(names([mention("Wenqiang Zhou", null, ""), mention("wenqiangzhou", null, "")])).toEqual(["Wenqiang Zhou"]);
    // Two people whose names run together the same way: the handle stays apart.
    expect(names([mention("Wenqiang Zhou", null, ""), mention("Wen Qiangzhou", null, ""), mention("wenqiangzhou", null, "")])).toHaveLength(3);
  });

  it("turns `Last, First (Nickname)` round and joins the nickname the person signs with", () => {
    expect(cleanName("Vo, Minh (Teddy)")).toBe("Minh Vo (Teddy)");
    expect(cleanName("Vo, Minh(Teddy)")).toBe("Minh Vo (Teddy)");
    expect(names([mention("Vo, Minh (Teddy)", "minh.vo@example.com", ""), mention("Teddy", null, "")])).toHaveLength(1);
  });

  it("joins two spellings of one name with its words in another order, keeping both (`Wei Tanaka` / `Tanaka, Wei` / `Tanaka Wei`)", () => {
    const merged = mergeMentions([mention("Wei Tanaka", null, ""), mention("Tanaka Wei", null, ""), mention("Tanaka, Wei", null, "")]);
    expect(merged.speakers).toHaveLength(1);
    const [one] = merged.speakers;
    // The spelling written most often names the speaker; the other stays an alias.
    expect([one?.name, ...(one?.aliases ?? [])]).toEqual(["Tanaka Wei", "Wei Tanaka"]);
    // Case, accents and punctuation aside too.
    expect(names([mention("Zoë-Ann Brisk", null, ""), mention("BRISK Zoe Ann", null, "")])).toHaveLength(1);
  });

  it("joins two display names written with one address, case aside", () => {
    const merged = mergeMentions([mention("Pim Ostrander", "Pim.O@example.net", ""), mention("Ostrander", "pim.o@example.net", "")]);
    expect(merged.speakers).toHaveLength(1);
    expect(merged.speakers[0]?.aliases).toContain("Ostrander");
  });

  it("keeps apart names that share only a given name, a word or a prefix", () => {
    expect(names([mention("Wei Tanaka", null, ""), mention("Wei Tanaka Mori", null, "")])).toHaveLength(2);
    expect(names([mention("Chris Lund", null, ""), mention("Christian Lund", null, "")])).toHaveLength(2);
    expect(names([mention("Lund", null, ""), mention("Chris Lund", null, "")])).toHaveLength(2);
  });

  it("joins one full name spelt two ways by a letter of the given name, and not among short family names", () => {
    const one = mergeMentions([mention("Dmitry Bogdanov", null, ""), mention("Dmitriy Bogdanov", null, ""), mention("Sergey Volkonsky", null, ""), mention("Sergei Volkonsky", null, "")]);
    expect(one.speakers.map((s) => [s.name, ...s.aliases])).toEqual([
      ["Dmitry Bogdanov", "Dmitriy Bogdanov"],
      ["Sergey Volkonsky", "Sergei Volkonsky"],
    ]);
    // Two people called Wang whose given names differ by a letter are common; a first letter is no typo.
    expect(names([mention("Jian Wang", null, ""), mention("Jiao Wang", null, "")])).toHaveLength(2);
    expect(names([mention("Dana Lindqvist", null, ""), mention("Lana Lindqvist", null, "")])).toHaveLength(2);
    expect(names([mention("Ivan Petrenko", null, ""), mention("Iva Petrenko", null, "")])).toHaveLength(2);
  });

  it("keeps speakers nobody named as their placeholder", () => {
    expect(names([mention(null, null, "unknown (quoted at depth 2)")])).toEqual(["unknown (quoted at depth 2)"]);
  });
  it("joins a one-word sign-off to the one person named in full that it is a short form of", () => {
    // Initials, from the words or from the capitals inside a given name written as one.
    expect(names([mention("Orrin K. Vale", null, ""), mention("OKV", null, "")])).toEqual(["Orrin K. Vale"]);
    expect(names([mention("HyoJin Sato", null, ""), mention("HJ", null, "")])).toEqual(["HyoJin Sato"]);
    // A word of the person's address, their given name mistyped, its first letter alone.
    expect(names([mention("Radomir Felk", "rado.felk@example.com", ""), mention("Rado", null, "")])).toEqual(["Radomir Felk"]);
    expect(names([mention("Bertrand Quay", null, ""), mention("Bertand", null, "")])).toEqual(["Bertrand Quay"]);
    expect(names([mention("Orrin Vale", null, ""), mention("O", null, "")])).toEqual(["Orrin Vale"]);
    expect(names([mention("Jessamy Orr", null, ""), mention("Jess", null, "")])).toEqual(["Jessamy Orr"]);
    // A pet name: an opening of the given name with one letter put after it.
    expect(names([mention("Ferdinand Orr", null, ""), mention("Ferdy", null, "")])).toEqual(["Ferdinand Orr"]);
    expect(names([mention("Ferdinand Orr", null, ""), mention("Ferro", null, "")])).toHaveLength(2);
    // A middle name the person goes by; a family name is none.
    expect(names([mention("Pavel Ilyas Korde", null, ""), mention("Ilyas", null, "")])).toEqual(["Pavel Ilyas Korde"]);
    expect(names([mention("T. Corwin Blay", null, ""), mention("Corwin", null, "")])).toEqual(["T. Corwin Blay"]);
    // A given name in parts, signed as one word (or one letter off it); not a word of it alone.
    expect(names([mention("Si-Wei Lau", null, ""), mention("Siwei", null, "")])).toEqual(["Si-Wei Lau"]);
    expect(names([mention("Jean-Marc Orlan", null, ""), mention("Jeanmarc", null, "")])).toEqual(["Jean-Marc Orlan"]);
    expect(names([mention("Jean-Marc Orlan", null, ""), mention("Jeanmark", null, "")])).toEqual(["Jean-Marc Orlan"]);
    expect(names([mention("Pavel Korde", null, ""), mention("Korde", null, "")])).toHaveLength(2);
    // A nickname made of a longer family name's opening, read when nothing of a given name fits.
    expect(names([mention("Pavel Kordewald", null, ""), mention("korde", null, "")])).toEqual(["Pavel Kordewald"]);
    const kord = mention("Kord", null, "");
    const { speakers, idOf } = mergeMentions([mention("Pavel Kordewald", null, ""), mention("Kornel Vale", null, ""), kord]);
    expect(speakers.find((s) => s.id === idOf.get(kord))?.name).toBe("Kornel Vale");
    // Two people fit: neither. A one-letter change at the first letter is another name.
    expect(names([mention("Orrin Vale", null, ""), mention("Oskar Lind", null, ""), mention("O", null, "")])).toHaveLength(3);
    expect(names([mention("Dana Vale", null, ""), mention("Lana", null, "")])).toHaveLength(2);
  });

  it("joins a given name written in parts, signed as written (`Min-Ho`), to the one full name it opens, and names them in full", () => {
    expect(names([mention("Min-Ho Tarr", null, ""), mention("Min-Ho", null, "")])).toEqual(["Min-Ho Tarr"]);
    expect(names([mention("Min-Ho", null, ""), mention("Min-Ho", null, ""), mention("Min-Ho Tarr", null, "")])).toEqual(["Min-Ho Tarr"]);
    // Not a full name of another given name, nor one of two people it opens.
    expect(names([mention("Min-Jun Tarr", null, ""), mention("Min-Ho", null, "")])).toHaveLength(2);
    expect(names([mention("Min-Ho Tarr", null, ""), mention("Min-Ho Vale", null, ""), mention("Min-Ho", null, "")])).toHaveLength(3);
  });

  it("joins a sign-off to the one person whose given name is written as its initial (`L.P.H. van Berk` signs `Lodewijk`)", () => {
    expect(names([mention("L.P.H. van Berk", "berk@example.org", ""), mention("Lodewijk", null, "")])).toEqual(["L.P.H. van Berk"]);
    expect(names([mention("L. Orrin", null, ""), mention("M. Vale", null, ""), mention("Lodewijk", null, "")])).toEqual(["L. Orrin", "M. Vale"]);
    expect(names([mention("L. Orrin", null, ""), mention("L. Vale", null, ""), mention("Lodewijk", null, "")])).toHaveLength(3);
  });

  it("joins a given name and the initials of a family name in two parts (`olaf v-b`) to the one full name they fit", () => {
    expect(names([mention("olaf v-b", null, ""), mention("Olaf Vane-Brook", "olaf@example.org", "")])).toEqual(["Olaf Vane-Brook"]);
    expect(names([mention("Olaf Vane-Brook", null, ""), mention("olaf v-k", null, "")])).toHaveLength(2);
  });
});

describe("findEmail", () => {
  it("ignores list robots and reads addresses hidden by archives", () => {
    expect(findEmail("wireless-bounces@wispa.org")).toBeNull();
    expect(findEmail("Jason Gunthorpe <jgg at nvidia.com>")).toBe("jgg@nvidia.com");
    expect(findEmail("On Tue, Jul 6, 2021 at 4:23 PM")).toBeNull();
  });
  it("reads no address from a link's path, where it is a message's id", () => {
    expect(findEmail("https://patches.example.org/patch/20240101.123-ann@example.org/")).toBeNull();
    expect(findEmail("see https://x.example/r/1-bo@example.org/ or mail ann@example.org")).toBe("ann@example.org");
  });
});

describe("givenName and calls", () => {
  it("calls someone by their whole name or their given name, case aside, and by no other word of it", () => {
    expect(givenName("Ines Varga")).toBe("Ines");
    expect(calls("ines", "Ines Varga")).toBe(true);
    expect(calls("Ines Varga", "ines varga")).toBe(true);
    expect(calls("Varga", "Ines Varga")).toBe(false);
  });
});

describe("cleanName", () => {
  it("inverts `Family, Given` only for one family name before the comma (with lowercase particles)", () => {
    expect(cleanName("Quist, Ramona")).toBe("Ramona Quist");
    expect(cleanName("van der Marsk, Tovald")).toBe("Tovald van der Marsk");
    // A full name before the comma: what follows is a company or a title, not given names.
    expect(cleanName("Ramona Quist, Quistworks")).toBeNull();
    expect(cleanName("Tovald Marsk, Head Engineer")).toBeNull();
    // Two family names before the comma only where the address spells the given name.
    expect(cleanName("Garcia Lopez, Maria", { address: "maria.garcia@example.com" })).toBe("Maria Garcia Lopez");
    expect(cleanName("Ramona Quist, Quistworks", { address: "ramona.quist@example.com" })).toBeNull();
  });

  it("keeps an apostrophe inside a name and drops the quotes around one", () => {
    expect(cleanName("Greta O'Brien")).toBe("Greta O'Brien");
    expect(cleanName("\"Tomás O’Brien\"")).toBe("Tomás O’Brien");
    expect(cleanName("'Bob Stone'")).toBe("Bob Stone");
    expect(cleanName("“Ann Lee”")).toBe("Ann Lee");
  });

  it("takes a name mixing capitalised and lowercase words only where the caller knows the span is a display name", () => {
    expect(cleanName("Oswin delacroix")).toBeNull();
    expect(cleanName("Oswin delacroix", { anyCase: true })).toBe("Oswin delacroix");
  });

  it("keeps a middle initial that spells a small word (`A.`, `I.`): an initial, not the article or pronoun", () => {
    expect(cleanName("Oskar A. Lindqvist")).toBe("Oskar A. Lindqvist");
    expect(cleanName("Mara I. Castell")).toBe("Mara I. Castell");
    // Without its full stop the word is still the article.
    expect(cleanName("Oskar a Lindqvist")).toBeNull();
  });

  it("gives the quote under an Emacs attribution (`>>>>> \"Nick\" == Name writes:`) to the one it names", () => {
    const thread = readMail(
      ['>>>>> "Wren" == Wren Halloway <wren@example.org> writes:', "", "> The array will not assemble after the reboot.", "", "Did the disks change names?"].join("\n"),
    );
    const quoted = thread.segments.find((s) => s.text.includes("assemble"));
    // By name too: the nickname before `==` is no part of it.
    expect(thread.speakers.find((s) => s.id === quoted?.speaker)?.name).toBe("Wren Halloway");
  });

  it("reads `On <date>, at <time>, Name wrote:` above a deeper quote as introducing that quote", () => {
    const thread = readMail(
      [
        "On 3/2/21 9:12 AM, Tove Brandt wrote:",
        "> On Mon, Mar 1, 2021, at 6:54 PM, Ilse Marchetti wrote:",
        ">> The timer fires twice after resume.",
        "> I see it once only.",
        "",
        "Which kernel?",
      ].join("\n"),
    );
    const nameOf = (words: string): string | undefined =>
      thread.speakers.find((s) => s.id === thread.segments.find((g) => g.text.includes(words))?.speaker)?.name;
    expect(nameOf("timer fires")).toBe("Ilse Marchetti");
    expect(nameOf("once only")).toBe("Tove Brandt");
  });

  it("reads an attribution naming someone with an apostrophe whole", () => {
    const thread = readMail(["Am 02.01.05 um 14:26 schrieb Greta O'Brien:", "> I think we should keep it.", "", "No, drop it.", "", "Elif"].join("\n"));
    expect(thread.speakers.map((s) => s.name).sort()).toEqual(["Elif", "Greta O'Brien"]);
  });
});
