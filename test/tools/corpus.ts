import { readdirSync, readFileSync } from "node:fs";

/** The real mail bodies in test/fixtures/corpus (plus any extra folders), with their file names. */
export function corpusBodies(extraDirs: readonly string[] = []): { file: string; text: string }[] {
  const dirs = [new URL("../fixtures/corpus/", import.meta.url).pathname, ...extraDirs];
  return dirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => /^\d{3}-.*\.txt$/u.test(f))
      .sort()
      .map((file) => ({ file, text: readFileSync(`${dir}/${file}`, "utf8") })),
  );
}
