import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction } from "discord.js";
import { cronFor, isTimeZone, type DigestControl } from "../../core/queue/digests.js";
import { QueueUnavailableError } from "../../core/queue/errors.js";
import { UserError } from "../input.js";
import { inert } from "../render.js";
import { NO_MENTIONS } from "../poster.js";

/** `/digest set|off|now|show`, for members who can manage the server (checked here too, not only by Discord). */
export async function handleDigest(ix: ChatInputCommandInteraction, digests: DigestControl): Promise<void> {
  if (ix.guildId === null) throw new UserError("Digests are set per server: use this command in one.");
  if (ix.memberPermissions?.has(PermissionFlagsBits.ManageGuild) !== true) throw new UserError("Only members who can manage this server can change its digests.");
  const reply = (content: string): Promise<unknown> => ix.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  const sub = ix.options.getSubcommand();
  if (sub === "set") {
    const channel = ix.options.getChannel("channel", true);
    const schedule = ix.options.getString("schedule", true) as "daily" | "weekly" | "cron";
    const timezone = ix.options.getString("timezone") ?? "UTC";
    if (!isTimeZone(timezone)) throw new UserError(`“${inert(timezone)}” is not a time zone; use an IANA name such as Europe/Berlin.`);
    let cron: { pattern: string; label: string };
    try {
      cron = cronFor(schedule, ix.options.getString("time"));
    } catch (err) {
      throw new UserError(`Cannot schedule that: ${(err as Error).message}.`);
    }
    try {
      await digests.set(ix.guildId, { channel: channel.id, pattern: cron.pattern, timezone, label: cron.label });
    } catch (err) {
      // Redis out of reach is ours to explain, in the words that never show where it runs.
      if (err instanceof QueueUnavailableError) throw err;
      // BullMQ's word on a pattern quotes the part it refused: the user's own text.
      throw new UserError(`Cannot schedule that: ${inert((err as Error).message)}.`);
    }
    await reply(`Digests of the threads summarised here will be posted in <#${channel.id}>, ${inert(cron.label)} (${inert(timezone)}).`);
  } else if (sub === "off") {
    await reply((await digests.off(ix.guildId)) ? "Digests are off for this server." : "Digests were not on for this server.");
  } else if (sub === "now") {
    if ((await digests.show(ix.guildId)) === null) throw new UserError("Set a digest channel first: `/digest set`.");
    await digests.now(ix.guildId);
    await reply("A digest of the threads since the last one is on its way (nothing is posted when there is nothing new).");
  } else {
    const settings = await digests.show(ix.guildId);
    await reply(settings === null ? "No digests are set for this server." : `Digests go to <#${settings.channel}>, ${inert(settings.label)} (${inert(settings.timezone)}).`);
  }
}
