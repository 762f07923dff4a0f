import { spawnSync } from "node:child_process";

/**
 * The blobs named by `specs` (`<commit>:<path>`) in one `git cat-file --batch` call, in order; null
 * where git has none (a commit that removed or never had the path).
 */
export function readBlobs(gitDir: string, specs: readonly string[]): (Buffer | null)[] {
  const batch = spawnSync("git", ["--git-dir", gitDir, "cat-file", "--batch"], {
    input: specs.map((s) => `${s}\n`).join(""),
    maxBuffer: 2 ** 31,
  });
  if (batch.status !== 0) throw new Error(`git cat-file failed in ${gitDir}: ${batch.stderr.toString()}`);
  const out = batch.stdout;
  const blobs: (Buffer | null)[] = [];
  let pos = 0;
  for (let i = 0; i < specs.length; i++) {
    const eol = out.indexOf(0x0a, pos);
    const header = out.subarray(pos, eol).toString("latin1").split(" ");
    pos = eol + 1;
    // "<spec> missing" has no body to skip.
    if (header[1] !== "blob") {
      blobs.push(null);
      continue;
    }
    const size = Number(header[2]);
    blobs.push(Buffer.from(out.subarray(pos, pos + size)));
    pos += size + 1;
  }
  return blobs;
}
