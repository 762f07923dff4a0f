import { MessageFlags, type ChatInputCommandInteraction, type MessageContextMenuCommandInteraction } from "discord.js";
import type { Logger } from "pino";
import type { Submitter } from "../../core/queue/submit.js";
import { isTextAttachment, readAttachment, UserError } from "../input.js";
import { NO_MENTIONS } from "../poster.js";

/** What the summarise commands need: the queue, the input limit, and how attachments are fetched. */
export interface SummariseDeps {
  submitter: Submitter;
  maxBytes: number;
  log: Logger;
  fetcher?: typeof fetch;
  trustedUrl?: (url: URL) => boolean;
  /** Shows a queued job's progress in the interaction's reply. */
  progress?: { track(jobId: string, token: string, expiresAt: number): void };
}

// Discord keeps an interaction's token valid for 15 minutes.
const TOKEN_LIFETIME_MS = 15 * 60_000;

type CommandInteraction = ChatInputCommandInteraction | MessageContextMenuCommandInteraction;

/** `/summarise text:… | file:… [private]`: exactly one of text and file. */
export async function handleSummarise(ix: ChatInputCommandInteraction, deps: SummariseDeps): Promise<void> {
  const text = ix.options.getString("text");
  const file = ix.options.getAttachment("file");
  const hidden = ix.options.getBoolean("private") ?? false;
  if ((text === null) === (file === null)) throw new UserError("Give the thread either as `text` or as a `file` (.txt, .eml, .mbox), not both and not neither.");
  // Acknowledged before any download: Discord allows three seconds.
  await ix.deferReply(hidden ? { flags: MessageFlags.Ephemeral } : {});
  const thread = text ?? (file === null ? "" : await readAttachment(file, deps.maxBytes, deps.fetcher, deps.trustedUrl));
  await queue(ix, thread, hidden, deps);
}

/** "Summarise thread" on a message: its text and its text attachments. */
export async function handleMessageCommand(ix: MessageContextMenuCommandInteraction, deps: SummariseDeps): Promise<void> {
  await ix.deferReply();
  const message = ix.targetMessage;
  const files = [...message.attachments.values()].filter(isTextAttachment);
  const parts = [message.content, ...(await Promise.all(files.map((a) => readAttachment(a, deps.maxBytes, deps.fetcher, deps.trustedUrl))))];
  await queue(ix, parts.filter((p) => p.trim() !== "").join("\n\n"), false, deps);
}

async function queue(ix: CommandInteraction, thread: string, hidden: boolean, deps: SummariseDeps): Promise<void> {
  if (thread.trim() === "") throw new UserError("There is no text to summarise in that.");
  if (Buffer.byteLength(thread) > deps.maxBytes) throw new UserError(`That thread is over the limit of ${deps.maxBytes} bytes: summarise a shorter part of it.`);
  const expiresAt = ix.createdTimestamp + TOKEN_LIFETIME_MS;
  const { jobId } = await deps.submitter.submit(thread, {
    model: null,
    destination: { kind: "discord", guild: ix.guildId, channel: ix.channelId, user: ix.user.id, interaction: { token: ix.token, expiresAt }, private: hidden },
  });
  deps.progress?.track(jobId, ix.token, expiresAt);
  deps.log.info({ job: jobId, guild: ix.guildId, user: ix.user.id }, "thread queued");
  await ix.editReply({ content: "Summarising… the result will appear here.", allowedMentions: NO_MENTIONS });
}
