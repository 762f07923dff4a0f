import { describe, expect, it } from "vitest";
import { parseAttribution } from "../core/readers/mail/attribution.js";

describe("parseAttribution", () => {
  it.each([
    ["On Tue, Jul 6, 2021 at 4:23 PM Jason Gunthorpe <jgg@xxxxxxxx> wrote:", "Jason Gunthorpe", "jgg@xxxxxxxx"],
    ["On Tue, Jul 06, 2021 at 12:36:51PM +0200, Daniel Vetter wrote:", "Daniel Vetter", null],
    ["On 8 Jul 2021, at 20:52, Jason Gunthorpe <jgg@nvidia.com> wrote:", "Jason Gunthorpe", "jgg@nvidia.com"],
    ["On 27/08/2020 15:20, Håkon Bugge wrote:", "Håkon Bugge", null],
    ["Am 22.06.21 um 14:01 schrieb Jason Gunthorpe:", "Jason Gunthorpe", null],
    ["Am 01.01.05 um 00:02 schrieb Amélie Abernathy:", "Amélie Abernathy", null],
    ["Jason Gunthorpe <jgg@nvidia.com> writes:", "Jason Gunthorpe", "jgg@nvidia.com"],
    ["* Dr. David Alan Gilbert (linux@treblig.org) wrote:", "Dr. David Alan Gilbert", "linux@treblig.org"],
    ["* Rocco Rutte <pdmef@gmx.net>:", "Rocco Rutte", "pdmef@gmx.net"],
    ["On Wed, Oct 07, 2020 at 01:09:55PM +0000, Saleem, Shiraz wrote:", "Shiraz Saleem", null],
    ["Pierre-Elliott Bécue <peb@debian.org> wrote on 12/06/2024 at 18:47:36+0200:", "Pierre-Elliott Bécue", "peb@debian.org"],
    ["Le 17/05/2022 à 20:03, Christophe JAILLET a écrit :", "Christophe JAILLET", null],
    ["Galen Charlton a écrit :", "Galen Charlton", null],
    ["2021年9月14日(火) 4:23 Daniel Vetter <daniel@ffwll.ch>:", "Daniel Vetter", "daniel@ffwll.ch"],
    ["On Nov 17 Uwe Kleine-König wrote:", "Uwe Kleine-König", null],
    ["On Thu 15-08-19 15:26:22, Jan Kara wrote:", "Jan Kara", null],
    ["On Tue, 16 Nov 2010 23:22:58 +0000 Mark Brown wrote:", "Mark Brown", null],
    ["On Mon, May 15, 2017 at 10:37 PM, Susmit Shukla <shukla.susmit@gmail.com wrote:", "Susmit Shukla", "shukla.susmit@gmail.com"],
    ["On Tuesday, August 22, 2017 5:10 PM, Mike Smith <m@x.com> wrote:", "Mike Smith", "m@x.com"],
    ["Quoting Steve French <smfrench@gmail.com>:", "Steve French", "smfrench@gmail.com"],
    ["On Tue, Jul 6, 2021 at 4:23 PM Jason Gunthorpe <jgg at nvidia.com> wrote:", "Jason Gunthorpe", "jgg@nvidia.com"],
    ["In message <20100805.123456@example.org> you wrote:", null, null],
  ])("%s", (line, name, email) => {
    expect(parseAttribution(line)).toMatchObject({ name, email });
  });

  it.each(["As I wrote:", "I think he wrote:", "Here is the list:", "Then experiment with:"])(
    "rejects prose: %s",
    (line) => {
      expect(parseAttribution(line)).toBeNull();
    },
  );
});
