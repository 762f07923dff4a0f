import { DiscordAPIError, MessageFlags, Routes, type APIEmbed, type APIMessage, type RawFile, type REST } from "discord.js";
import type { Delivery, Destination } from "../core/queue/contracts.js";
import type { Ledger, Poster } from "../core/queue/deliveries.js";
import { renderDigestForDiscord, renderFailure, renderSummaryForDiscord } from "./render.js";

/** Nothing the bot sends may ping anyone: not @everyone, not a role, not a user named in a thread. */
export const NO_MENTIONS = { parse: [] } as const;

// An interaction token is good for 15 minutes; leave a margin for the post itself.
const TOKEN_MARGIN_MS = 10_000;
// How many of a channel's latest messages are searched for one whose post was interrupted.
const LOOKBACK = 50;

/** One message of a delivery, as it is sent. */
interface Message {
  content: string;
  embeds: APIEmbed[];
  files?: RawFile[];
  /** What finds it in a channel again: `ref <job>`, and `· 2/3` when the answer takes several messages. */
  marker: string;
}

/**
 * Where a delivery's messages go: the interaction's reply and its follow-ups, the channel, or the
 * requester's DM channel (`dm:<id>`). Kept in the ledger, so that a resumed post goes on there.
 */
type Route = "interaction" | "channel" | `dm:${string}`;

type DiscordDestination = Extract<Destination, { kind: "discord" }>;

/**
 * Posts deliveries with discord.js's REST client, where the requester will see them:
 * - while the interaction's token lasts, in its reply (the first message edits it, progress text
 *   and all) and follow-ups; a private request's follow-ups and attachment are ephemeral too;
 * - once the token has expired, or at once when Discord says the reply is gone (deleted: 10008;
 *   token refused: 50027), in the channel, or in the requester's DMs for a private request, the
 *   first message saying who asked;
 * - a failure, to the requester alone: in place of a private reply, in an ephemeral follow-up to a
 *   public one (which is taken back), or by DM.
 * Every message carries its part (`ref <job> · 2/3`), so that one whose post was interrupted can be
 * found in its channel. Edits of the reply are simply done again. An ephemeral follow-up cannot be
 * looked up: it is sent again, a duplicate seen by the requester alone rather than a hole in their
 * answer. Other errors (5xx, rate limits, the network) are thrown, for the queue to retry.
 * `beforePost` runs before anything is sent (the bot stops the progress edits there).
 */
export function discordPoster(rest: REST, applicationId: string, now: () => number = Date.now, beforePost?: (delivery: Delivery) => Promise<void>): Poster {
  // The bot's own user id, asked once when first needed: only its own messages count as found.
  let self: Promise<string> | undefined;
  const selfId = (): Promise<string> => {
    self ??= (rest.get(Routes.user()) as Promise<{ id: string }>).then((me) => me.id);
    // A failed lookup is asked again next time, not remembered.
    self.catch(() => (self = undefined));
    return self;
  };
  return {
    async post(delivery, ledger) {
      const { destination } = delivery;
      if (destination.kind !== "discord") return;
      // Progress edits stop (and the one in flight lands) before the result replaces them.
      await beforePost?.(delivery);
      const post = new DeliveryPost(rest, applicationId, delivery, destination, selfId);
      let route = ledger.route as Route | null;
      let i = ledger.next;
      // The message an earlier attempt was sending when it stopped is sent again only if it is not out.
      if (ledger.interrupted && route !== null && (await post.isOut(route, i))) {
        await ledger.posted(i);
        i++;
      }
      for (; i < post.messages.length; i++) {
        // A post that left the interaction stays out of it; the interaction serves while its token lasts.
        const live = destination.interaction !== null && destination.interaction.expiresAt - TOKEN_MARGIN_MS > now();
        const next = route !== null && route !== "interaction" ? route : live ? "interaction" : await post.fallback();
        route = await post.send(i, next, route, ledger);
      }
    },
  };
}

/** One delivery's messages and the ways to send them. */
class DeliveryPost {
  readonly messages: Message[];
  /** Private requests, and every failure: nobody but the requester may see them. */
  private readonly hidden: boolean;

  constructor(
    private readonly rest: REST,
    private readonly applicationId: string,
    private readonly delivery: Delivery,
    private readonly destination: DiscordDestination,
    private readonly selfId: () => Promise<string>,
  ) {
    this.messages = messagesOf(delivery);
    this.hidden = destination.private || delivery.outcome.kind === "failed";
  }

  /**
   * Sends message `i` along `route`, recorded in the ledger before and after; when the interaction's
   * reply turns out to be gone, along the fallback instead. Returns the route it went.
   */
  async send(i: number, route: Route, previous: Route | null, ledger: Ledger): Promise<Route> {
    await ledger.posting(i, route);
    try {
      if (route === "interaction") await this.sendInInteraction(i);
      else await this.sendToChannel(i, route, route !== previous);
    } catch (err) {
      if (route !== "interaction" || !isGone(err)) throw err;
      return this.send(i, await this.fallback(), route, ledger);
    }
    await ledger.posted(i);
    return route;
  }

  /** Where messages go when the interaction cannot take them: the requester's DMs for anything private, else the channel. */
  async fallback(): Promise<Route> {
    if (!this.hidden) return "channel";
    const dm = (await this.rest.post(Routes.userChannels(), { body: { recipient_id: this.destination.user } })) as { id: string };
    return `dm:${dm.id}`;
  }

  /** Whether message `i`, whose post an earlier attempt did not see through, is out. */
  async isOut(route: Route, i: number): Promise<boolean> {
    // The reply's edit is done again; an ephemeral follow-up cannot be looked up, so it is sent again.
    if (route === "interaction" && (i === 0 || this.hidden)) return false;
    // A public follow-up is a message in the channel like any other.
    const channel = route.startsWith("dm:") ? route.slice("dm:".length) : this.destination.channel;
    const recent = (await this.rest.get(Routes.channelMessages(channel), { query: new URLSearchParams({ limit: String(LOOKBACK) }) })) as APIMessage[];
    const { marker } = this.messages[i] as Message;
    // A member who types the marker must not make the bot skip a part of the answer.
    const me = await this.selfId();
    return recent.some((m) => m.author.id === me && (m.content.includes(marker) || m.embeds.some((e) => e.footer?.text.includes(marker) === true)));
  }

  private async sendInInteraction(i: number): Promise<void> {
    const { content, embeds, files } = this.messages[i] as Message;
    const token = this.destination.interaction?.token ?? "";
    const reply = Routes.webhookMessage(this.applicationId, token, "@original");
    const followUp = (flags: number | undefined): Promise<unknown> =>
      this.rest.post(Routes.webhook(this.applicationId, token), { body: { content, embeds, flags, allowed_mentions: NO_MENTIONS }, files, auth: false });
    // A public reply cannot turn private: it is taken back, and the failure told in a private follow-up.
    if (this.delivery.outcome.kind === "failed" && !this.destination.private) {
      await this.rest.delete(reply, { auth: false }).catch(unlessGone);
      await followUp(MessageFlags.Ephemeral);
      return;
    }
    // `content` is always sent, so that the result replaces the progress text.
    if (i === 0) await this.rest.patch(reply, { body: { content, embeds, allowed_mentions: NO_MENTIONS }, files, auth: false });
    else await followUp(this.hidden ? MessageFlags.Ephemeral : undefined);
  }

  /** Posts message `i` to a channel or DM; the first there says who asked, as the reply would have. */
  private async sendToChannel(i: number, route: Exclude<Route, "interaction">, first: boolean): Promise<void> {
    const { content, embeds, files } = this.messages[i] as Message;
    const asked = first && this.delivery.outcome.kind === "summary" ? `Summary requested by <@${this.destination.user}>` : "";
    const channel = route === "channel" ? this.destination.channel : route.slice("dm:".length);
    const text = [asked, content].filter((line) => line !== "").join("\n");
    await this.rest.post(Routes.channelMessages(channel), { body: { content: text, embeds, allowed_mentions: NO_MENTIONS }, files });
  }
}

/** A delivery as messages: summaries and digests as embeds in parts, a failure in plain words. */
function messagesOf(delivery: Delivery): Message[] {
  const { job, outcome } = delivery;
  if (outcome.kind === "failed") return [{ content: `${renderFailure(outcome.reason)}\n-# ref ${job}`, embeds: [], marker: `ref ${job}` }];
  const { messages, markdown } = outcome.kind === "digest" ? { messages: renderDigestForDiscord(outcome, job), markdown: null } : renderSummaryForDiscord(outcome.summary, job);
  return messages.map(({ embeds }, i) => {
    // A lone message is found by the `ref` its embeds' footer carries; each part says which it is.
    const marker = messages.length === 1 ? `ref ${job}` : `ref ${job} · ${i + 1}/${messages.length}`;
    const files = i === messages.length - 1 && markdown !== null ? [{ name: "summary.md", data: Buffer.from(markdown, "utf8"), contentType: "text/markdown" }] : undefined;
    return { content: messages.length === 1 ? "" : `-# ${marker}`, embeds, files, marker };
  });
}

/** Discord's word that the interaction's reply is gone for good: deleted (10008), or its token refused (50027). */
function isGone(err: unknown): boolean {
  return err instanceof DiscordAPIError && ((err.status === 404 && err.code === 10008) || (err.status === 401 && err.code === 50027));
}

/** Lets a "gone" error pass (there is nothing left to take back); throws any other. */
function unlessGone(err: unknown): void {
  if (!isGone(err)) throw err;
}
