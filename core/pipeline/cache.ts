import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Thread } from "../thread/model.js";
import { SummarySchema, type Summary } from "../summary/model.js";

/** Where finished summaries are kept, so the same request never pays for a model twice. */
export interface SummaryStore {
  get(key: string): Promise<Summary | undefined>;
  set(key: string, summary: Summary): Promise<void>;
}

/** What besides the thread decides a summary: the model, where it runs, the prompts and the chunking. */
export interface CacheScope {
  model: string;
  provider: string;
  promptVersions: readonly string[];
  chunkBudget: number;
}

/**
 * The cache key of a summary: a hash of the thread as parsed (whitespace collapsed, so a re-paste
 * with other line breaks hits) and of everything else that shapes the result.
 */
export function summaryKey(thread: Thread, scope: CacheScope): string {
  const normalised = {
    speakers: thread.speakers.map((s) => [s.id, s.name]),
    segments: thread.segments.map((s) => [s.speaker, s.depth, s.role, s.text.replace(/\s+/gu, " ").trim()]),
  };
  return createHash("sha256").update(JSON.stringify({ thread: normalised, scope })).digest("hex");
}

/** A store of one JSON file per summary in `dir`; an unreadable or stale entry counts as a miss. */
export function fileSummaryStore(dir: string): SummaryStore {
  const path = (key: string): string => join(dir, `${key}.json`);
  return {
    async get(key) {
      try {
        const parsed = SummarySchema.safeParse(JSON.parse(await readFile(path(key), "utf8")));
        return parsed.success ? parsed.data : undefined;
      } catch {
        return undefined;
      }
    },
    async set(key, summary) {
      await mkdir(dir, { recursive: true });
      // Written aside and renamed, so a reader never sees half a file.
      const temp = `${path(key)}.${process.pid}.tmp`;
      await writeFile(temp, JSON.stringify(summary));
      await rename(temp, path(key));
    },
  };
}
