import { describe, expect, it } from "vitest";
import { readMail } from "../core/readers/mail/read-mail.js";
import { topSpeaker } from "./support/speaker-at.js";

describe("a writer following up on their own message, named only in its attribution", () => {
  // Ada wrote to Bo; Ada then follows up on her own message, greeting Bo again.
  const followUp = (greeting: string): string =>
    [
      greeting,
      "any news on this one?",
      "",
      "On 3/4/26 9:12 AM, Ada Okafor wrote:",
      "> On 3/2/26 6:40 PM, Bo Lindqvist wrote:",
      ">> The queue is torn down before the frobnicator stops.",
      ">",
      "> Hi Bo,",
      "> I split the fix in two as you asked; the second half is below.",
      ">",
      "> Regards,",
      "> Ada",
    ].join("\n");

  it("is the one quoted when their greeting calls the one that message answered", () => {
    expect(topSpeaker(readMail(followUp("Hi Bo,")))?.name).toBe("Ada Okafor");
  });

  it("is not the one quoted when their greeting calls the one quoted", () => {
    expect(topSpeaker(readMail(followUp("Hi Ada,")))?.name).not.toBe("Ada Okafor");
  });

  it("is not the one quoted when their greeting calls someone else", () => {
    expect(topSpeaker(readMail(followUp("Hi Cy,")))?.name).not.toBe("Ada Okafor");
  });
});
