import { OAuth2Scopes, PermissionFlagsBits, PermissionsBitField } from "discord.js";

/**
 * What the bot needs in a channel, and why: the README's invite instructions name exactly these.
 * View Channel and Read Message History let the poster look for a part it already posted before
 * it falls back to the channel; Attach Files carries the full summary when embeds had to shorten it.
 */
export const BOT_PERMISSIONS = {
  ViewChannel: PermissionFlagsBits.ViewChannel,
  SendMessages: PermissionFlagsBits.SendMessages,
  EmbedLinks: PermissionFlagsBits.EmbedLinks,
  AttachFiles: PermissionFlagsBits.AttachFiles,
  ReadMessageHistory: PermissionFlagsBits.ReadMessageHistory,
} as const;

/** The OAuth2 link that adds the bot to a server with its commands and exactly BOT_PERMISSIONS. */
export function inviteUrl(applicationId: string): string {
  const permissions = new PermissionsBitField(Object.values(BOT_PERMISSIONS)).bitfield;
  const query = new URLSearchParams({ client_id: applicationId, scope: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(" "), permissions: permissions.toString() });
  return `https://discord.com/oauth2/authorize?${query.toString()}`;
}
