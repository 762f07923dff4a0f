import { describe, expect, it } from "vitest";
import { labelMessage } from "../core/readers/mail/read-mail.js";
import { flat } from "./support/flat-paste.js";
import { roleOf, namesAt } from "./support/labelled.js";

describe("flattened pastes: attributions, quotes, footers and trailers", () => {
  it("splits an attribution that names the writer by address only out of the reply before it", () => {
    const text = flat([
      "I reworked the patch to address the review comments, see v3 at https://example.org/series/42",
      "Thanks - Bo",
      "On 12/04/2023 10:20, bo.chen@example.org wrote:",
      "> When the queue drains, the last reference is dropped",
      "> before the flush completes, so the inode is skipped.",
      ">",
      "> Fix it by waiting for the flush first.",
    ]);
    const lines = labelMessage(text).lines;
    expect(lines.find((l) => l.text.startsWith("On 12/04/2023"))?.role).toBe("attribution");
    expect(lines.find((l) => l.text.includes("Fix it by waiting"))?.owner?.emails).toContain("bo.chen@example.org");
  });

  it("splits alot's `Quoting Name (time)` out of the reply before it, as the attribution of the quote after it", () => {
    const text = flat([
      "I tried it on Friday and it failed again.",
      "Quoting Ann Lee (2019-11-08 05:42:33)",
      "> The cache is flushed twice when the queue restarts after a reset of the device.",
      "> Why is the second flush needed at all?",
      "Because the queue restarts and the first flush only covers the old ring.",
    ]);
    expect(roleOf(text, "Quoting Ann Lee")).toBe("attribution");
    expect(namesAt(text, "flushed twice")).toEqual(["Ann Lee"]);
  });

  it("keeps the reply above a list footer as content", () => {
    const text = flat([
      "On Fri, 2 Jun 2023, Ann Lee <ann@example.org> wrote:",
      "> Is the handle for a file or a directory?",
      "> Does it change between the calls?",
      "It is a directory, and nothing else writes to it while the test runs.",
      "--",
      "Example-devel mailing list",
      "Example-devel@lists.example.org",
      "https://lists.example.org/mailman/listinfo/example-devel",
    ]);
    expect(roleOf(text, "It is a directory")).toBe("content");
    expect(roleOf(text, "mailing list")).toBe("footer");
  });

  it("keeps a long log pasted after a rule as content, though it quotes a licence notice", () => {
    const text = flat([
      "On Fri, 2 Jun 2023, Ann Lee <ann@example.org> wrote:",
      "> Can you run the debugger on the dump and send the output?",
      "> A backtrace of every blocked task would help.",
      "Sure, here it is.",
      "----",
      "dbg 2.1 Copyright (C) 2020 Example Corp. This program is free software, covered by the GNU General Public License,",
      "and you are welcome to change it and/or distribute copies of it under certain conditions.",
      "dbg> bt all PID: 12 TASK: ffff0001 CPU: 1 COMMAND: worker #0 schedule at ffffffff81000001",
      "#1 io_schedule at ffffffff81000002 #2 wait_on_bit at ffffffff81000003 #3 submit_bio at ffffffff81000004",
      "#4 do_writepages at ffffffff81000005 #5 writeback_inodes at ffffffff81000006 #6 kthread at ffffffff81000007",
      "PID: 13 TASK: ffff0002 CPU: 2 COMMAND: flusher #0 schedule at ffffffff81000001 #1 md_super_wait at ffffffff81000008",
    ]);
    expect(roleOf(text, "PID: 13")).toBe("content");
  });

  it("reads the one quoted line that opens a whole flattened message, and the reply after it", () => {
    const text = flat([
      "> What happens if two workers take the same slot at once?",
      "Nothing bad: the second one sees the flag already set and backs off, so only one of them ever writes.",
      "The lock is only there for the counters, which are read far more often than they change.",
    ]);
    const lines = labelMessage(text).lines;
    expect(lines.find((l) => l.text.includes("same slot"))?.depth).toBe(1);
    expect(lines.find((l) => l.text.includes("The lock is only there"))?.depth).toBe(0);
  });

  it("ends the last quote before the writer's closing words and dash sign-off", () => {
    const text = flat([
      "On Mon, 5 Jun 2023, Ann Lee <ann@example.org> wrote:",
      "> We could keep the parent pointer on every child and drop it later,",
      "> once the pool code no longer needs to walk back up the tree.",
      "That would work for the pools, and it keeps the header small.",
      "> These are only ideas, and it will be a long road, so I guess we need to",
      "> find a few small steps first...",
      "Indeed.",
      "-Dana",
    ]);
    const lines = labelMessage(text).lines;
    const closing = lines.find((l) => l.text.includes("Indeed"));
    expect(closing?.depth).toBe(0);
    expect(closing?.owner?.names).toContain("Dana");
  });

  it("reads `>=` in quoted text as an operator, not as a quote prefix", () => {
    const text = flat([
      "On 4/1/21 9:00 AM, Ann Lee wrote:",
      "> We got a report that the latency went up by >=30% in streaming",
      "> after the last backport. Turning the option off by default fixes it.",
      "Do you have numbers for the small messages too?",
    ]);
    const line = labelMessage(text).lines.find((l) => l.text.includes(">=30%"));
    expect(line?.depth).toBe(1);
    expect(line?.text).toContain("went up by >=30% in streaming");
  });

  it("ends the last quote at its quoted blank line when all the reply is a closing and a lowercase name", () => {
    const text = flat([
      "On Wed, 7 Jun 2023, Ann Lee <ann@example.org> wrote:",
      "> -\t\tkfree(dev);",
      "> +\t\tdev_put(dev);",
      ">  \t\treturn;",
      ">  \t}",
      "> ",
      "",
      "regards,",
      "piet smit",
    ]);
    const lines = labelMessage(text).lines;
    expect(lines.find((l) => l.text.startsWith("regards"))?.depth).toBe(0);
    expect(lines.find((l) => l.text.includes("piet smit"))?.owner?.names).toContain("piet smit");
  });

  it("ends the last quote before the writer's signature delimiter", () => {
    const text = flat([
      "On Wed, 7 Jun 2023, Ann Lee <ann@example.org> wrote:",
      "> Same here: the unlink path needs the check as well.",
      "> ",
      "> Thanks,",
      "> ",
      ">     Ann",
      "",
      "-- ",
      "Piet Smit <piet@example.org>",
    ]);
    const lines = labelMessage(text).lines;
    expect(lines.find((l) => l.text.includes("Piet Smit"))?.depth).toBe(0);
    expect(lines.find((l) => l.text.trim() === "Ann")?.depth).toBe(1);
  });

  it("keeps a lone `From: Name` field opening the paste whole, above the quoted header fields under it", () => {
    const text = flat([
      "From: Tove Lind",
      "> Sent: 02 March 2022 09:14",
      "> The timer is armed before the lock is taken, so a second caller can",
      "> see it half set up.",
      "...",
      "Taking the lock first would fix that, but it costs a round trip.",
    ]);
    const lines = labelMessage(text).lines;
    expect(lines.find((l) => l.text.startsWith("From:"))?.text).toBe("From: Tove Lind");
    expect(lines.find((l) => l.text.includes("Tove Lind"))?.role).not.toBe("signature");
    expect(lines.find((l) => l.text.includes("The timer is armed"))?.owner?.names).toContain("Tove Lind");
  });

  it("keeps a reviewer's trailer after a quoted patch on one line, so that it names the writer below the quote", () => {
    const text = flat([
      "On Mon, 22 Feb 2021, Ann Lee wrote:",
      "> This is a comment line, and just a typo slipped through.",
      ">",
      "> Signed-off-by: Ann Lee <ann@example.org>",
      "> ---",
      "Reviewed-by: Bob W. Smith <bob@example.com>",
      "Bob",
    ]);
    const lines = labelMessage(text).lines;
    const trailer = lines.find((l) => l.text.includes("<bob@example.com>"));
    expect(trailer?.text).toMatch(/^Reviewed-by: Bob W\. Smith/u);
    expect(trailer?.depth).toBe(0);
    expect(trailer?.owner?.emails).toContain("bob@example.com");
  });

  it("keeps a quoted trailer whole, and the reply opens right after its address", () => {
    const text = flat([
      "On Mon, 22 Feb 2021, Ann Lee <ann@example.org> wrote:",
      "> This is a comment line, and just a typo slipped through.",
      ">",
      "> Signed-off-by: Ann Lee <ann@example.org>",
      "Thanks for catching it, this looks right to me now.",
      "Bob",
    ]);
    const lines = labelMessage(text).lines;
    expect(lines.find((l) => l.text.includes("Signed-off-by:"))).toMatchObject({ text: "Signed-off-by: Ann Lee <ann@example.org>", depth: 1 });
    expect(lines.find((l) => l.text.includes("Thanks for catching"))?.text).toMatch(/^Thanks/u);
  });

  it("keeps a quoted list's last dash-led item quoted, not a sign-off that would name a second writer", () => {
    const text = flat([
      "On Fri, 2 Jun 2023 10:00:00 +0800 Ann Lee <ann@example.org> wrote:",
      "> This adds a property for the board.",
      "Hi Ann, A couple of remarks inline.",
      "Thanks, Jonathan",
      "> ---",
      "> + description:",
      "> + Sets the reference.",
      "This needs a vendor prefix, I think.",
      "> required:",
      "> - compatible",
      "> - reg",
    ]);
    const lines = labelMessage(text).lines;
    expect(lines.find((l) => l.text.includes("- reg"))?.depth).toBe(1);
    expect(lines.find((l) => l.text.includes("A couple of remarks"))?.owner?.names).toContain("Jonathan");
  });
});
