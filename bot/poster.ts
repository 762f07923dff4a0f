import { MessageFlags, Routes, type APIMessage, type REST, type RESTPostAPIChannelMessageJSONBody } from "discord.js";
import type { Delivery } from "../core/queue/contracts.js";
import type { Poster } from "../core/queue/deliveries.js";
import { inert, renderDigestForDiscord, renderSummaryForDiscord } from "./render.js";

/** Nothing the bot sends may ping anyone: not @everyone, not a role, not a user named in a thread. */
export const NO_MENTIONS = { parse: [] } as const;

// An interaction token is good for 15 minutes; leave a margin for the post itself.
const TOKEN_MARGIN_MS = 10_000;

type Body = Pick<RESTPostAPIChannelMessageJSONBody, "content" | "embeds">;

/**
 * Posts deliveries with discord.js's REST client: into the interaction's reply while its token lasts
 * (the first message edits the deferred reply, the rest follow it up), else to the channel, or to the
 * requester's DMs when they asked for a private answer. Every message carries `ref <job>` so that a
 * post interrupted mid-way can be found again.
 */
export function discordPoster(rest: REST, applicationId: string, now: () => number = Date.now, beforePost?: (delivery: Delivery) => Promise<void>): Poster {
  const messagesOf = (delivery: Delivery): { bodies: Body[]; markdown: string | null } => {
    if (delivery.outcome.kind === "failed") return { bodies: [{ content: `⚠️ ${inert(delivery.outcome.reason)}\n-# ref ${delivery.job}` }], markdown: null };
    if (delivery.outcome.kind === "digest") return { bodies: renderDigestForDiscord(delivery.outcome, delivery.job), markdown: null };
    const { messages, markdown } = renderSummaryForDiscord(delivery.outcome.summary, delivery.job);
    return { bodies: messages, markdown };
  };

  return {
    async post(delivery) {
      const { destination } = delivery;
      if (destination.kind !== "discord") return;
      // Progress edits stop (and the one in flight lands) before the result replaces them.
      await beforePost?.(delivery);
      const live = destination.interaction !== null && destination.interaction.expiresAt - TOKEN_MARGIN_MS > now();
      if (delivery.outcome.kind === "failed") {
        // Why a request failed is the requester's business: told to them alone, never to the channel.
        const [body] = messagesOf(delivery).bodies;
        if (live && destination.interaction !== null) {
          const { token } = destination.interaction;
          await rest.delete(Routes.webhookMessage(applicationId, token, "@original"), { auth: false }).catch(() => undefined);
          await rest.post(Routes.webhook(applicationId, token), { body: { ...body, flags: MessageFlags.Ephemeral, allowed_mentions: NO_MENTIONS }, auth: false });
        } else {
          const dm = (await rest.post(Routes.userChannels(), { body: { recipient_id: destination.user } })) as { id: string };
          await rest.post(Routes.channelMessages(dm.id), { body: { ...body, allowed_mentions: NO_MENTIONS } });
        }
        return;
      }
      const { bodies, markdown } = messagesOf(delivery);
      const files = markdown === null ? undefined : [{ name: "summary.md", data: Buffer.from(markdown, "utf8"), contentType: "text/markdown" }];
      const withFiles = (i: number): { files?: typeof files } => (i === bodies.length - 1 && files !== undefined ? { files } : {});
      const interaction = destination.interaction;
      if (live && interaction !== null) {
        for (const [i, body] of bodies.entries()) {
          const route = i === 0 ? Routes.webhookMessage(applicationId, interaction.token, "@original") : Routes.webhook(applicationId, interaction.token);
          const send = i === 0 ? rest.patch.bind(rest) : rest.post.bind(rest);
          await send(route, { body: { ...body, allowed_mentions: NO_MENTIONS }, auth: false, ...withFiles(i) });
        }
        return;
      }
      // A private answer never lands in the channel: it goes to the requester's DMs.
      const channel = destination.private ? ((await rest.post(Routes.userChannels(), { body: { recipient_id: destination.user } })) as { id: string }).id : destination.channel;
      for (const [i, body] of bodies.entries()) await rest.post(Routes.channelMessages(channel), { body: { ...body, allowed_mentions: NO_MENTIONS }, ...withFiles(i) });
    },

    async wasPosted(delivery) {
      const { destination } = delivery;
      if (destination.kind !== "discord" || destination.private || delivery.outcome.kind === "failed") return true;
      const recent = (await rest.get(Routes.channelMessages(destination.channel), { query: new URLSearchParams({ limit: "50" }) })) as APIMessage[];
      const ref = `ref ${delivery.job}`;
      return recent.some((m) => m.content.includes(ref) || m.embeds.some((e) => e.footer?.text.includes(ref) === true));
    },
  };
}
