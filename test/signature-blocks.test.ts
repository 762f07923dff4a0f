import { describe, expect, it } from "vitest";
import { readMail } from "../core/readers/mail/read-mail.js";
import { topSpeaker } from "./support/speaker-at.js";

/* Signature blocks under the `-- ` delimiter: which of their lines names the writer, and when a sign-off above says it better. */

const reply = (below: string[]): string =>
  ["> Can the timeout be raised to five seconds?", "", "Yes, I will send a second version with that change.", "", ...below].join("\n");

describe("decoration inside a signature block", () => {
  it("reads the name under a rule of symbols", () => {
    const thread = readMail(reply(["-- ", "********************", "Marisol Tendwick", "Storage Team | www.example.org"]));
    expect(topSpeaker(thread)?.name).toBe("Marisol Tendwick");
  });

  it("reads the name under a closing and a second dash line", () => {
    const thread = readMail(reply(["-- ", "Cheers", "--", "Oswin"]));
    expect(topSpeaker(thread)?.name).toBe("Oswin");
  });
});
