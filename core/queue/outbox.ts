import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { QUEUES, type Delivery } from "./contracts.js";
import { deliveredPiece } from "./deliveries.js";
import { jobPiece, ownerOf, recordOwnership, type Owner } from "./ownership.js";
import { keepFor } from "./retention.js";

/** The id of a delivery's job: the id of what it answers, so a job run twice (a worker killed after queueing) queues it once. */
export const deliveryJobId = (delivery: Pick<Delivery, "job">): string => `deliver-${delivery.job}`;

/**
 * Queues a delivery for the bot, kept no longer than the retention. The delivery (it holds the
 * summary and the interaction's token) and the record of its posting are listed as the requester's,
 * or for a digest as its server's, for `/forget`.
 */
export async function queueDelivery(queue: Queue, redis: Redis, prefix: string, retentionSeconds: number, delivery: Delivery): Promise<void> {
  const { destination } = delivery;
  const owner: Owner | null = destination.kind === "discord" && delivery.outcome.kind === "digest" ? { user: null, guild: destination.guild } : ownerOf(destination);
  await recordOwnership(redis, prefix, owner, [jobPiece(QUEUES.deliveries, deliveryJobId(delivery)), deliveredPiece(delivery.job)], retentionSeconds);
  await queue.add("deliver", delivery, { jobId: deliveryJobId(delivery), attempts: 10, backoff: { type: "exponential", delay: 1000 }, ...keepFor(retentionSeconds) });
}
