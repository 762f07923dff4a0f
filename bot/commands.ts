import { ApplicationCommandOptionType, ApplicationCommandType, type RESTPostAPIApplicationCommandsJSONBody } from "discord.js";

/*
 * Every command the bot offers, as the JSON Discord registers (`npm run register` deploys them).
 * Typed definitions: a misspelt option kind or a missing field fails the type check, not at runtime.
 */

export const SUMMARISE = "summarise";
export const SUMMARISE_MESSAGE = "Summarise thread";

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
] as const satisfies readonly RESTPostAPIApplicationCommandsJSONBody[];
