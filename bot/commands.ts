import { ApplicationCommandOptionType, ApplicationCommandType, ChannelType, PermissionFlagsBits, type RESTPostAPIApplicationCommandsJSONBody } from "discord.js";

/*
 * Every command the bot offers, as the JSON Discord registers (`npm run register` deploys them).
 * Typed definitions: a misspelt option kind or a missing field fails the type check, not at runtime.
 */

export const SUMMARISE = "summarise";
export const SUMMARISE_MESSAGE = "Summarise thread";
export const DIGEST = "digest";
export const FORGET = "forget";

/** Discord's limit on a string option; longer pastes arrive as `message.txt` attachments. */
export const TEXT_OPTION_MAX = 6000;

export const COMMANDS = [
  {
    name: SUMMARISE,
    description: "Who argues what in a pasted discussion thread",
    type: ApplicationCommandType.ChatInput,
    options: [
      { name: "text", description: "The thread, pasted (long pastes: attach it as a file instead)", type: ApplicationCommandOptionType.String, max_length: TEXT_OPTION_MAX, required: false },
      { name: "file", description: "The thread as a file: .txt, .eml, .mbox", type: ApplicationCommandOptionType.Attachment, required: false },
      { name: "private", description: "Show the summary to you only", type: ApplicationCommandOptionType.Boolean, required: false },
    ],
  },
  { name: SUMMARISE_MESSAGE, type: ApplicationCommandType.Message },
  {
    name: DIGEST,
    description: "Scheduled digests of the threads summarised in this server",
    type: ApplicationCommandType.ChatInput,
    // Only members who can manage the server see it by default; the handler checks again.
    default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
    dm_permission: false,
    options: [
      {
        name: "set",
        description: "Post digests to a channel on a schedule",
        type: ApplicationCommandOptionType.Subcommand,
        options: [
          { name: "channel", description: "Where to post", type: ApplicationCommandOptionType.Channel, channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement], required: true },
          {
            name: "schedule",
            description: "How often",
            type: ApplicationCommandOptionType.String,
            required: true,
            choices: [
              { name: "daily", value: "daily" },
              { name: "weekly (Mondays)", value: "weekly" },
              { name: "cron pattern (in time)", value: "cron" },
            ],
          },
          { name: "time", description: "HH:MM for daily and weekly (default 09:00), or the cron pattern", type: ApplicationCommandOptionType.String, required: false },
          { name: "timezone", description: "IANA time zone, e.g. Europe/Berlin (default UTC)", type: ApplicationCommandOptionType.String, required: false },
        ],
      },
      { name: "off", description: "Stop posting digests", type: ApplicationCommandOptionType.Subcommand },
      { name: "now", description: "Post a digest of the threads since the last one, now", type: ApplicationCommandOptionType.Subcommand },
      { name: "show", description: "Show the digest settings", type: ApplicationCommandOptionType.Subcommand },
    ],
  },
  {
    name: FORGET,
    description: "Remove what Standpoint stored of your requests: pastes, summaries, digest notes",
    type: ApplicationCommandType.ChatInput,
    options: [
      {
        name: "scope",
        description: "Yours (default), or everyone's in this server (members with Manage Server)",
        type: ApplicationCommandOptionType.String,
        required: false,
        choices: [
          { name: "my requests", value: "me" },
          { name: "this server's requests", value: "server" },
        ],
      },
    ],
  },
] as const satisfies readonly RESTPostAPIApplicationCommandsJSONBody[];
