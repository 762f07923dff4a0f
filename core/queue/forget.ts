import type { Redis } from "ioredis";
import { DeliverySchema, QUEUES } from "./contracts.js";
import { dropNote, dropNoteList } from "./digests.js";
import { dropEntries, guildEntries, jobOf, userEntries } from "./ownership.js";
import { ProducerLink } from "./producer.js";
import { keyOf, type RedisSettings } from "./redis.js";

/** What a `/forget` removed, by kind, and how many requests were still being worked on (left in place). */
export interface Forgotten {
  requests: number;
  pastes: number;
  summaries: number;
  notes: number;
  deliveries: number;
  running: number;
}

const PAGE = 1000;

const unique = (pieces: Iterable<string>): string[] => Array.from(new Set(pieces));

/**
 * Removes a member's, or a whole server's, stored requests: the pieces their ownership index lists
 * (pastes, results, digest notes, delivery records, and BullMQ's jobs with what the queues' event
 * streams say about them). A piece that a request outside what is forgotten still uses (the same
 * thread summarised for another member of the server) stays theirs. A job a worker holds cannot be
 * removed: it stays listed, so that `/forget` once it is answered takes it and what it wrote.
 * On a fail-fast connection: with Redis down it fails at once with QueueUnavailableError.
 */
export class Forgetter {
  private readonly link: ProducerLink;

  constructor(settings: RedisSettings) {
    this.link = new ProducerLink(settings);
  }

  /** Resolves when Redis answers; fails at once with QueueUnavailableError when it does not. */
  async ready(): Promise<void> {
    await this.link.ready();
  }

  private get prefix(): string {
    return this.link.settings.prefix;
  }

  /** A member's requests, in every server and in DMs; the server's digests waiting to be posted lose their lines. */
  async user(user: string): Promise<Forgotten> {
    return this.link.run(async (redis) => {
      const mine = await userEntries(redis, this.prefix, user);
      const othersHold = new Set<string>();
      const digests: string[] = [];
      for (const guild of new Set(mine.map((e) => e.context).filter((g) => g !== ""))) {
        for (const e of await guildEntries(redis, this.prefix, guild)) {
          if (e.context !== "" && e.context !== user) othersHold.add(e.piece);
          const job = jobOf(e.piece);
          if (e.context === "" && job?.queue === QUEUES.deliveries) digests.push(job.id);
        }
      }
      const { forgotten, kept } = await this.erase(redis, unique(mine.map((e) => e.piece)).filter((p) => !othersHold.has(p)));
      const requests = new Set(
        mine.flatMap((e) => {
          const job = jobOf(e.piece);
          return job?.queue === QUEUES.summarise ? [job.id] : [];
        }),
      );
      forgotten.notes += await this.scrubDigests(digests, requests);
      await dropEntries(redis, this.prefix, { user }, mine.filter((e) => !kept.has(e.piece)));
      return forgotten;
    });
  }

  /** A server's requests, private ones made there included, and its digest notes (its digest settings stay). */
  async guild(guild: string): Promise<Forgotten> {
    return this.link.run(async (redis) => {
      const theirs = await guildEntries(redis, this.prefix, guild);
      // A member's private result or paste may serve their requests elsewhere too.
      const heldElsewhere = new Set<string>();
      for (const user of new Set(theirs.map((e) => e.context).filter((u) => u !== ""))) {
        for (const e of await userEntries(redis, this.prefix, user)) if (e.context !== guild) heldElsewhere.add(e.piece);
      }
      const { forgotten, kept } = await this.erase(redis, unique(theirs.map((e) => e.piece)).filter((p) => !heldElsewhere.has(p)));
      await dropNoteList(redis, this.prefix, guild);
      await dropEntries(redis, this.prefix, { guild }, theirs.filter((e) => !kept.has(e.piece)));
      return forgotten;
    });
  }

  async close(): Promise<void> {
    await this.link.close();
  }

  /** Deletes pieces; answers the counts and the pieces left in place (jobs a worker holds). */
  private async erase(redis: Redis, pieces: readonly string[]): Promise<{ forgotten: Forgotten; kept: Set<string> }> {
    const forgotten: Forgotten = { requests: 0, pastes: 0, summaries: 0, notes: 0, deliveries: 0, running: 0 };
    const kept = new Set<string>();
    const removed = new Map<string, Set<string>>();
    for (const piece of pieces) {
      const job = jobOf(piece);
      if (job !== null) {
        if ((await redis.exists(keyOf(this.prefix, job.queue, job.id))) === 0) continue;
        if ((await (await this.link.queue(job.queue)).remove(job.id)) !== 1) {
          forgotten.running += job.queue === QUEUES.summarise ? 1 : 0;
          kept.add(piece);
          continue;
        }
        if (job.queue === QUEUES.summarise) forgotten.requests++;
        else forgotten.deliveries++;
        removed.set(job.queue, (removed.get(job.queue) ?? new Set()).add(job.id));
      } else if (piece.startsWith("digest:")) {
        if (await dropNote(redis, this.prefix, piece)) forgotten.notes++;
      } else if ((await redis.del(keyOf(this.prefix, piece))) > 0) {
        if (piece.startsWith("paste:")) forgotten.pastes++;
        else if (piece.startsWith("summary:")) forgotten.summaries++;
      }
    }
    // Last: removing a job adds a `removed` event of its own.
    for (const [queue, ids] of removed) await dropEvents(redis, keyOf(this.prefix, queue, "events"), ids);
    return { forgotten, kept };
  }

  /** Takes the lines of the given requests out of digests waiting to be posted; answers how many. */
  private async scrubDigests(deliveryIds: readonly string[], requests: ReadonlySet<string>): Promise<number> {
    if (requests.size === 0) return 0;
    const queue = await this.link.queue(QUEUES.deliveries);
    let lines = 0;
    for (const id of deliveryIds) {
      const job = await queue.getJob(id);
      const delivery = DeliverySchema.safeParse(job?.data);
      if (job === undefined || !delivery.success || delivery.data.outcome.kind !== "digest") continue;
      const { outcome } = delivery.data;
      const threads = outcome.threads.filter((t) => !requests.has(t.job));
      if (threads.length === outcome.threads.length) continue;
      lines += outcome.threads.length - threads.length;
      if (threads.length === 0) await queue.remove(id);
      else await job.updateData({ ...delivery.data, outcome: { ...outcome, threads } });
    }
    return lines;
  }
}

/** Deletes the entries of an event stream about the given jobs (their `completed` event carries the result). */
async function dropEvents(redis: Redis, stream: string, jobs: ReadonlySet<string>): Promise<void> {
  let start = "-";
  for (;;) {
    const page = await redis.xrange(stream, start, "+", "COUNT", PAGE);
    const doomed = page.filter(([, fields]) => jobs.has(fieldOf(fields, "jobId"))).map(([id]) => id);
    const tx = redis.multi();
    for (const id of doomed) tx.xdel(stream, id);
    if (doomed.length > 0) await tx.exec();
    const last = page.at(-1);
    if (page.length < PAGE || last === undefined) return;
    start = `(${last[0]}`;
  }
}

/** The value of `name` in a stream entry's flat field list. */
function fieldOf(fields: readonly string[], name: string): string {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1] ?? "";
  return "";
}
