import { MessageFlags, PermissionFlagsBits, type ChatInputCommandInteraction } from "discord.js";
import type { Forgetter, Forgotten } from "../../core/queue/forget.js";
import { UserError } from "../input.js";
import { NO_MENTIONS } from "../poster.js";

/** What was removed, in words: "2 requests, 2 pastes, 1 summary", or null for nothing. */
function removed(f: Forgotten): string | null {
  const counts: [number, string, string][] = [
    [f.requests, "request", "requests"],
    [f.pastes, "paste", "pastes"],
    [f.summaries, "summary", "summaries"],
    [f.notes, "digest note", "digest notes"],
    [f.deliveries, "delivery", "deliveries"],
  ];
  const parts = counts.filter(([n]) => n > 0).map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
  return parts.length === 0 ? null : parts.join(", ");
}

/**
 * `/forget [scope:me|server]`: removes what Standpoint stored of the member's requests, or with
 * Manage Server (checked here too, not only by Discord) of the whole server's, and tells them
 * privately what went. Redis is checked before the reply is deferred: with it down the member is
 * told at once, in the one reply.
 */
export async function handleForget(ix: ChatInputCommandInteraction, forgetter: Forgetter): Promise<void> {
  const server = ix.options.getString("scope") === "server";
  if (server && ix.guildId === null) throw new UserError("`scope:server` forgets a server's requests: use it in that server.");
  if (server && ix.memberPermissions?.has(PermissionFlagsBits.ManageGuild) !== true) throw new UserError("Only members who can manage this server can make it forget everyone's requests; `/forget` alone removes yours.");
  await forgetter.ready();
  await ix.deferReply({ flags: MessageFlags.Ephemeral });
  const forgotten = server && ix.guildId !== null ? await forgetter.guild(ix.guildId) : await forgetter.user(ix.user.id);
  const what = removed(forgotten);
  const lines = [
    what === null ? `Nothing of ${server ? "this server's" : "yours"} was stored.` : `Removed ${server ? "for this server" : "of yours"}: ${what}.`,
    forgotten.running > 0 ? `${forgotten.running} request${forgotten.running === 1 ? " is" : "s are"} being summarised right now: run \`/forget\` again once answered.` : "",
    "Messages already posted in Discord stay; delete them there.",
  ];
  await ix.editReply({ content: lines.filter((l) => l !== "").join("\n"), allowedMentions: NO_MENTIONS });
}
