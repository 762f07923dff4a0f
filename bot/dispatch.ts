import { MessageFlags, type Interaction, type RepliableInteraction } from "discord.js";
import { QuotaError } from "../core/queue/limits.js";
import { QueueUnavailableError } from "../core/queue/errors.js";
import { DIGEST, FORGET, SUMMARISE, SUMMARISE_MESSAGE } from "./commands.js";
import type { DigestControl } from "../core/queue/digests.js";
import type { Forgetter } from "../core/queue/forget.js";
import { handleDigest } from "./handlers/digest.js";
import { handleForget } from "./handlers/forget.js";
import { handleMessageCommand, handleSummarise, type SummariseDeps } from "./handlers/summarise.js";
import { UserError } from "./input.js";
import { NO_MENTIONS } from "./poster.js";

/**
 * The one entry for interactions: routes each command to its handler, and is the one place where
 * errors are caught and reported to the user, privately.
 */
export async function handleInteraction(ix: Interaction, deps: BotDeps): Promise<void> {
  if (!ix.isCommand()) return;
  try {
    if (ix.isChatInputCommand() && ix.commandName === SUMMARISE) await handleSummarise(ix, deps);
    else if (ix.isMessageContextMenuCommand() && ix.commandName === SUMMARISE_MESSAGE) await handleMessageCommand(ix, deps);
    else if (ix.isChatInputCommand() && ix.commandName === DIGEST && deps.digests !== undefined) await handleDigest(ix, deps.digests);
    else if (ix.isChatInputCommand() && ix.commandName === FORGET && deps.forgetter !== undefined) await handleForget(ix, deps.forgetter);
  } catch (err) {
    await report(ix, err, deps);
  }
}

/** What the handlers use: the summarise queue and, where digests run, their control and `/forget`'s. */
export interface BotDeps extends SummariseDeps {
  digests?: DigestControl;
  forgetter?: Forgetter;
}

/**
 * The words a user sees for an error: their own problem plainly, ours without internals; `known`
 * when the error is an expected refusal rather than a fault.
 */
function userMessage(err: unknown): { content: string; known: boolean } {
  if (err instanceof UserError || err instanceof QuotaError) return { content: err.message, known: true };
  if (err instanceof QueueUnavailableError) return { content: "Standpoint is unavailable right now; try again in a few minutes.", known: true };
  return { content: "Something went wrong on Standpoint's side; try again later.", known: false };
}

async function report(ix: RepliableInteraction, err: unknown, deps: SummariseDeps): Promise<void> {
  const { content, known } = userMessage(err);
  const reason = err instanceof Error ? err.message : String(err);
  if (known) deps.log.info({ interaction: ix.id, reason }, "request refused");
  else deps.log.error({ interaction: ix.id, err: reason }, "interaction failed");
  try {
    if (!ix.deferred && !ix.replied) {
      await ix.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
      return;
    }
    // A private "thinking…" reply becomes the message: a follow-up would leave it loading.
    if (ix.ephemeral === true) {
      await ix.editReply({ content, allowedMentions: NO_MENTIONS });
      return;
    }
    // A public one is taken back, and the reason told to the user alone.
    await ix.deleteReply().catch(() => undefined);
    await ix.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  } catch (replyErr) {
    deps.log.warn({ interaction: ix.id, err: replyErr instanceof Error ? replyErr.message : String(replyErr) }, "could not tell the user about an error");
  }
}
