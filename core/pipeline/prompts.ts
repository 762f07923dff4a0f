import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The three prompts of the summary pipeline: one call for a short thread, map and reduce for a long one. */
export type PromptName = "single" | "map" | "reduce";

/** A prompt file: its version (which enters cache keys and the output's provenance) and its two messages. */
export interface Prompt {
  name: PromptName;
  version: string;
  system: string;
  user: string;
}

const PROMPTS_DIR = new URL("../../prompts/", import.meta.url);
const FILE = /^---\nversion:\s*(\S+)\n---\n## system\n([\s\S]*?)\n## user\n([\s\S]*)$/u;

const loaded = new Map<PromptName, Prompt>();

/** Reads `prompts/<name>.md` (front matter with its version, then `## system` and `## user`), once. */
export function loadPrompt(name: PromptName): Prompt {
  const cached = loaded.get(name);
  if (cached !== undefined) return cached;
  const path = fileURLToPath(new URL(`${name}.md`, PROMPTS_DIR));
  const match = FILE.exec(readFileSync(path, "utf8").replace(/\r\n/gu, "\n"));
  if (match === null) throw new Error(`prompt file ${path} must hold a version front matter, then ## system and ## user`);
  const prompt = { name, version: match[1] ?? "", system: (match[2] ?? "").trim(), user: (match[3] ?? "").trim() };
  loaded.set(name, prompt);
  return prompt;
}

/**
 * Fills `{{variable}}` placeholders in one pass, so text put in (a thread that itself contains
 * `{{boundary}}`) is never expanded again. An unknown placeholder is a bug in the prompt file.
 */
export function render(template: string, vars: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\w+)\}\}/gu, (_, key: string) => {
    const value = vars[key];
    if (value === undefined) throw new Error(`prompt placeholder {{${key}}} has no value`);
    return value;
  });
}
