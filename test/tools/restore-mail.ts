/**
 * Restores the evaluation's raw messages from the list mirrors, exactly as the manifest records
 * them: for each row of `<out>/MANIFEST.tsv`, the file `m` of `source_commit` in the mirror of
 * `source_repo`, checked against the recorded size. Much faster than re-running the selection
 * (collect-mail.ts), and it cannot drift from the manifest.
 *
 *   npx tsx test/tools/restore-mail.ts [--mirrors /work/.mirror] [--out eval/mail]
 *
 * A mirror of `owner/name` is looked for at `<mirrors>/owner+name/repo` (where the fetch tool puts it).
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Command } from "commander";
import { readManifest } from "../eval/attribution/load.js";
import { readBlobs } from "./git-blobs.js";

const opts = new Command()
  .option("--mirrors <dir>", "folder holding the mirrors as owner+name/repo", "/work/.mirror")
  .option("--out <dir>", "the evaluation folder holding MANIFEST.tsv", "eval/mail")
  .parse()
  .opts<{ mirrors: string; out: string }>();

const rows = readManifest(opts.out, ["file", "source_repo", "source_commit", "bytes"]);
const byRepo = new Map<string, Record<string, string>[]>();
for (const row of rows) {
  const repo = row.source_repo ?? "";
  byRepo.set(repo, (byRepo.get(repo) ?? []).concat([row]));
}
let written = 0;
const problems: string[] = [];
for (const [repo, cells] of byRepo) {
  // The fetch tool brings most mirrors as bare repositories, some with a work tree (`repo/.git`).
  const mirror = join(opts.mirrors, repo.replace("/", "+"), "repo");
  const gitDir = existsSync(join(mirror, ".git")) ? join(mirror, ".git") : mirror;
  let blobs: (Buffer | null)[];
  try {
    blobs = readBlobs(gitDir, cells.map((c) => `${c.source_commit ?? ""}:m`));
  } catch {
    problems.push(`${repo}: no mirror at ${gitDir} (bring it with the fetch tool)`);
    continue;
  }
  cells.forEach((c, i) => {
    const raw = blobs[i];
    const file = c.file ?? "";
    if (raw === null || raw === undefined) problems.push(`${file}: commit ${c.source_commit ?? ""} has no m`);
    else if (String(raw.length) !== c.bytes) problems.push(`${file}: ${raw.length} bytes, the manifest says ${c.bytes ?? ""}`);
    else {
      mkdirSync(dirname(join(opts.out, file)), { recursive: true });
      writeFileSync(join(opts.out, file), raw);
      written++;
    }
  });
}
process.stdout.write(`restored ${written} of ${rows.length} messages into ${opts.out}\n`);
for (const p of problems) process.stderr.write(`${p}\n`);
process.exitCode = problems.length === 0 ? 0 : 1;
