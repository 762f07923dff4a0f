import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Queue } from "bullmq";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { QUEUES } from "../core/queue/contracts.js";
import { Submitter } from "../core/queue/submit.js";
import { startFakeOpenAi, type FakeOpenAi } from "./support/fake-openai.js";
import { killStarted, logLines, root, startNode } from "./support/processes.js";
import { deleteKeys } from "./support/redis.js";

/*
 * A job the model fails, through a real worker process: the requester is told what happened in
 * plain words; the operators' log has the kind and the status. Neither names the model server's
 * address or repeats what the server said (which here names an internal host).
 */

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const PREFIX = `sptest-failure-${process.pid}`;
const example = readFileSync(join(root, "examples/lkml-accel-flattened.txt"), "utf8");
const SERVER_SAYS = "upstream gpu-7.cluster.internal:8443 (10.20.30.40) refused; see http://gpu-7.cluster.internal/status";
const discord = { kind: "discord", guild: "g1", channel: "c1", user: "u1", interaction: { token: "tok", expiresAt: Date.now() + 600_000 }, private: false } as const;

let fake: FakeOpenAi | undefined;
let submitter: Submitter | undefined;
afterEach(async () => {
  killStarted();
  await submitter?.close();
  submitter = undefined;
  await fake?.close();
  fake = undefined;
});
afterAll(() => deleteKeys(REDIS_URL, PREFIX));

async function failedDelivery(jobId: string): Promise<{ reason: string }> {
  const deliveries = new Queue(QUEUES.deliveries, { connection: { url: REDIS_URL }, prefix: PREFIX });
  try {
    for (const end = Date.now() + 30_000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
      const job = await deliveries.getJob(`deliver-${jobId}`);
      if (job !== undefined) return (job.data as { outcome: { reason: string } }).outcome;
    }
    throw new Error(`no delivery for ${jobId}`);
  } finally {
    await deliveries.close();
  }
}

describe("a job the model fails", () => {
  it.each([
    { status: 500, kind: "unavailable", told: /the model is unavailable right now/u },
    { status: 401, kind: "auth", told: /the model refused Standpoint's credentials/u },
  ])("on a $status, tells the user in plain words and logs $kind without the server's address or words", async ({ status, kind, told }) => {
    fake = await startFakeOpenAi(() => ({ kind: "error", status, message: SERVER_SAYS }));
    const worker = startNode("worker/main.ts", { REDIS_URL, STANDPOINT_REDIS_PREFIX: PREFIX, OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: fake.baseURL, LOG_LEVEL: "info" });
    submitter = new Submitter({ redis: { url: REDIS_URL, prefix: PREFIX }, retentionSeconds: 600, attempts: 2, retryDelayMs: 50, quotas: { threadsPerHour: 100, tokensPerDay: 10_000_000 } });
    const { jobId } = await submitter.submit(`${example}\n\nFailed with ${status}.`, { model: null, destination: { ...discord, user: `u-${status}` } });
    const { reason } = await failedDelivery(jobId);
    const host = new URL(fake.baseURL).host;
    for (const text of [reason, worker.stderr()]) {
      expect(text).not.toContain(host);
      expect(text).not.toMatch(/gpu-7|10\.20\.30\.40|cluster\.internal/u);
    }
    expect(reason).toMatch(told);
    await worker.waitFor(/"final":true/u);
    const failed = logLines(worker.stderr()).json.filter((l) => l.msg === "summarise job failed");
    expect(failed.at(-1)).toMatchObject({ kind, status, final: true });
  }, 60_000);
});
