import { readFileSync } from "node:fs";
import { z } from "zod";

// Where package.json is from this file: in the source (core/cli/) and compiled (dist/core/cli/).
const CANDIDATES = ["../../package.json", "../../../package.json"] as const;

/**
 * Standpoint's version, from its package.json. Read as a file rather than imported: an import
 * would put package.json inside the compiled tree, or break the build's rootDir.
 */
export function packageVersion(here: URL = new URL(import.meta.url)): string {
  for (const candidate of CANDIDATES) {
    let text: string;
    try {
      text = readFileSync(new URL(candidate, here), "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") continue;
      throw err;
    }
    return z.object({ version: z.string() }).parse(JSON.parse(text)).version;
  }
  throw new Error(`no package.json at ${CANDIDATES.join(" or ")} from ${here.pathname}`);
}
