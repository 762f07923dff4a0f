import type { Redis } from "ioredis";
import type { Destination } from "./contracts.js";
import { keyOf } from "./redis.js";

/*
 * Whose stored data is whose. Each Discord request's stored pieces (its paste, its job, its result,
 * its delivery, its digest note) are listed in an index per user and one per server, so that
 * `/forget` can remove exactly a member's, or a whole server's. The indexes name user and server
 * ids, so they go with the data: each entry at the retention's age (the retention sweep), each index
 * when its newest entry does, and with `/forget`.
 *
 * A piece is a key under the prefix (`paste:…`, `summary:…`, `delivery:…`, `digest:<guild>:note:…`)
 * or a BullMQ job (`job:<queue>:<id>`). An index entry is `<context>\t<piece>`: in a user's index the
 * server the request was made in ("" in DMs); in a server's index the member who made it ("" for the
 * server's own digests).
 */

/** Who a request's data belongs to: the member who made it (null for a server's digest) and the server (null in DMs). */
export interface Owner {
  user: string | null;
  guild: string | null;
}

/** One entry of an index: the piece, and the other side of its owner. */
export interface Entry {
  context: string;
  piece: string;
}

const userIndex = (prefix: string, user: string): string => keyOf(prefix, "own", "user", user);
const guildIndex = (prefix: string, guild: string): string => keyOf(prefix, "own", "guild", guild);

/** The owner of a request; null for the command line, whose data only expires. */
export function ownerOf(destination: Destination): Owner | null {
  return destination.kind === "discord" ? { user: destination.user, guild: destination.guild } : null;
}

/** Whom a request's pastes are stored for: its requester, so that one member's /forget never takes another's paste. */
export function requesterScope(destination: Destination): string {
  return destination.kind === "discord" ? `user-${destination.user}` : "cli";
}

/**
 * Whom a request's result is stored for: the server for a public request there, the member for a
 * private one or one in DMs. A result is only ever found by a request of the same scope, so one
 * server never gets another's result, nor learns by the speed of its answer that it was there.
 */
export function resultScope(destination: Destination): string {
  if (destination.kind === "cli") return "cli";
  return destination.private || destination.guild === null ? `user-${destination.user}` : `guild-${destination.guild}`;
}

/** The piece naming a BullMQ job. */
export const jobPiece = (queue: string, id: string): string => `job:${queue}:${id}`;

/** A job piece's queue and id, or null for a key. */
export function jobOf(piece: string): { queue: string; id: string } | null {
  const m = /^job:([^:]+):(.+)$/u.exec(piece);
  return m === null ? null : { queue: m[1] ?? "", id: m[2] ?? "" };
}

const entry = (context: string | null, piece: string): string => `${context ?? ""}\t${piece}`;

function parse(member: string): Entry {
  const tab = member.indexOf("\t");
  return { context: member.slice(0, tab), piece: member.slice(tab + 1) };
}

/** Lists pieces as the owner's, for the retention (each index lasts as long as its newest entry). */
export async function recordOwnership(redis: Redis, prefix: string, owner: Owner | null, pieces: readonly string[], retentionSeconds: number, now = Date.now()): Promise<void> {
  if (owner === null || pieces.length === 0) return;
  const tx = redis.multi();
  if (owner.user !== null) {
    const key = userIndex(prefix, owner.user);
    for (const piece of pieces) tx.zadd(key, now, entry(owner.guild, piece));
    tx.expire(key, retentionSeconds);
  }
  if (owner.guild !== null) {
    const key = guildIndex(prefix, owner.guild);
    for (const piece of pieces) tx.zadd(key, now, entry(owner.user, piece));
    tx.expire(key, retentionSeconds);
  }
  await tx.exec();
}

/** A member's entries, with the server each request was made in. */
export async function userEntries(redis: Redis, prefix: string, user: string): Promise<Entry[]> {
  return (await redis.zrange(userIndex(prefix, user), 0, "-1")).map(parse);
}

/** A server's entries, with the member who made each request. */
export async function guildEntries(redis: Redis, prefix: string, guild: string): Promise<Entry[]> {
  return (await redis.zrange(guildIndex(prefix, guild), 0, "-1")).map(parse);
}

/**
 * Takes entries out of the indexes, from both sides: the member's own (or the server's) and the
 * mirror entry in the other index.
 */
export async function dropEntries(redis: Redis, prefix: string, side: { user: string } | { guild: string }, entries: readonly Entry[]): Promise<void> {
  const tx = redis.multi();
  for (const e of entries) {
    if ("user" in side) {
      tx.zrem(userIndex(prefix, side.user), entry(e.context, e.piece));
      if (e.context !== "") tx.zrem(guildIndex(prefix, e.context), entry(side.user, e.piece));
    } else {
      tx.zrem(guildIndex(prefix, side.guild), entry(e.context, e.piece));
      if (e.context !== "") tx.zrem(userIndex(prefix, e.context), entry(side.guild, e.piece));
    }
  }
  await tx.exec();
}

/** The pattern of every index key, for the retention sweep. */
export const indexPattern = (prefix: string): string => keyOf(prefix, "own", "*");
