import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SummarySchema } from "../core/summary/model.js";
import { startFakeOpenAi } from "./support/fake-openai.js";
import { standpointAsync } from "./support/cli.js";

const root = new URL("..", import.meta.url).pathname;
const example = join(root, "examples/lkml-accel-flattened.txt");

/** Runs the real CLI in a child process, as a user would through `npm run standpoint`. */
function standpoint(args: string[], input?: string | Buffer, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ["--import", "tsx", join(root, "core/cli/main.ts"), ...args], {
    cwd: root,
    input,
    env: { ...process.env, NO_COLOR: "1", ...env },
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const scratch = mkdtempSync(join(tmpdir(), "standpoint-cli-"));
const file = (name: string, content: string | Buffer): string => {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
};

describe("standpoint parse", () => {
  it("prints the parse contract as one JSON object", () => {
    const { code, stdout } = standpoint(["parse", "--json", example]);
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { speakers: { id: string; name: string; email: string | null; aliases: string[] }[]; segments: { speaker: string | null; depth: number; role: string; text: string }[] };
    expect(parsed.speakers.map((s) => s.name).sort()).toEqual(["Daniel Vetter", "Jason Gunthorpe"]);
    for (const s of parsed.speakers) expect(Object.keys(s)).toEqual(expect.arrayContaining(["id", "name", "email", "aliases"]));
    for (const seg of parsed.segments) {
      expect(["content", "attribution", "signature", "header", "footer", "snip"]).toContain(seg.role);
      expect(seg.speaker === null || parsed.speakers.some((s) => s.id === seg.speaker)).toBe(true);
    }
  });

  it("shows a readable view with speakers, depths and roles", () => {
    const { code, stdout } = standpoint(["parse", example]);
    expect(code).toBe(0);
    expect(stdout).toContain("[content | depth 2 | Daniel Vetter]");
    expect(stdout).toContain("[attribution | depth 0 | -]");
  });

  it("reads standard input and treats unquoted text as one speaker", () => {
    const { code, stdout } = standpoint(["parse", "--json", "-"], "We should ship on Friday.\n\nThanks,\nAnna\n");
    expect(code).toBe(0);
    const parsed = JSON.parse(stdout) as { speakers: { name: string }[] };
    expect(parsed.speakers.map((s) => s.name)).toEqual(["Anna"]);
  });

  it.each([
    ["a missing file", ["parse", join(scratch, "nope.txt")], undefined, /no such file/],
    ["empty input", ["parse", file("empty.txt", "  \n\n")], undefined, /input is empty/],
    ["binary input", ["parse", file("bin.dat", Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]))], undefined, /binary/],
    ["input that is not UTF-8", ["parse", "-"], Buffer.from([0x48, 0xe9, 0x6c, 0xff]), /not valid UTF-8/],
    ["input over --max-bytes", ["parse", "--max-bytes", "100", example], undefined, /over the limit of 100/],
    ["an endless device over --max-bytes", ["parse", "--max-bytes", "1000", "/dev/zero"], undefined, /input is over the limit of 1000 bytes/],
    ["an unknown option", ["parse", "--frobnicate", example], undefined, /unknown option/],
    ["a bad --max-tokens", ["chunks", "--max-tokens", "zero", example], undefined, /positive whole number/],
  ])("rejects %s with one line on stderr and exit code 2", (_what, args, input, message) => {
    const { code, stdout, stderr } = standpoint(args, input);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(message);
  });

  it("takes the size limit from STANDPOINT_MAX_INPUT_BYTES", () => {
    const { code, stderr } = standpoint(["parse", example], undefined, { STANDPOINT_MAX_INPUT_BYTES: "50" });
    expect(code).toBe(2);
    expect(stderr).toMatch(/over the limit of 50/);
  });

  it("names a malformed setting instead of crashing", () => {
    const { code, stderr } = standpoint(["parse", example], undefined, { STANDPOINT_MAX_INPUT_BYTES: "lots" });
    expect(code).toBe(2);
    expect(stderr).toMatch(/STANDPOINT_MAX_INPUT_BYTES/);
  });
});

describe("standpoint chunks", () => {
  it("cuts the example into chunks within the budget, never inside a turn that fits", () => {
    const { code, stdout } = standpoint(["chunks", "--json", "--max-tokens", "400", example]);
    expect(code).toBe(0);
    const plan = JSON.parse(stdout) as { chunks: { tokens: number; turns: number[] }[] };
    expect(plan.chunks.length).toBeGreaterThan(1);
    for (const c of plan.chunks) expect(c.tokens).toBeLessThanOrEqual(400);
  });
});

describe("standpoint summarise", () => {
  it("summarises the example offline, with no API key, as the summary schema", () => {
    const { code, stdout } = standpoint(["summarise", "--json", example], undefined, { OPENAI_API_KEY: "" });
    expect(code).toBe(0);
    const summary = SummarySchema.parse(JSON.parse(stdout));
    expect(summary.provenance.mode).toBe("extractive");
    expect(summary.speakers.map((s) => s.name).sort()).toEqual(["Daniel Vetter", "Jason Gunthorpe"]);
  });

  it("shows each speaker's stance and quoted evidence to a person", () => {
    const { code, stdout } = standpoint(["summarise", example], undefined, { OPENAI_API_KEY: "" });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Topic: /u);
    expect(stdout).toContain("Jason Gunthorpe");
    expect(stdout).toContain("“I think only HW that has open specs");
    expect(stdout).toContain("Where they disagree");
  });

  it("rejects empty input with one line on stderr and exit code 2", () => {
    const { code, stderr } = standpoint(["summarise", "-"], "\n\n");
    expect(code).toBe(2);
    expect(stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("standpoint summarise with a model", () => {
  it("summarises through the configured server, then answers the same thread from the cache", async () => {
    const fake = await startFakeOpenAi();
    try {
      const env = { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: fake.baseURL, STANDPOINT_CACHE_DIR: mkdtempSync(join(tmpdir(), "standpoint-cache-")) };
      const first = await standpointAsync(["summarise", "--json", example], env);
      expect(first.code, first.stderr).toBe(0);
      expect(SummarySchema.parse(JSON.parse(first.stdout)).provenance).toMatchObject({ mode: "model", calls: 1, cached: false });
      const again = await standpointAsync(["summarise", "--json", example], env);
      expect(SummarySchema.parse(JSON.parse(again.stdout)).provenance.cached).toBe(true);
      expect(fake.requests).toHaveLength(1);
      await standpointAsync(["summarise", "--json", "--no-cache", example], env);
      await standpointAsync(["summarise", "--json", example], { ...env, STANDPOINT_CACHE: "off" });
      expect(fake.requests).toHaveLength(3);
    } finally {
      await fake.close();
    }
  });

  it("plans without calling a model on --dry-run", () => {
    const { code, stdout } = standpoint(["summarise", "--dry-run", "--json", "--model", "local-llm", "--context-tokens", "4096", example]);
    expect(code).toBe(0);
    const plan = JSON.parse(stdout) as { calls: { stage: string }[]; rounds: number; contextTokens: number; costUsd: number | null };
    expect(plan).toMatchObject({ contextTokens: 4096, costUsd: null });
    expect(plan.rounds).toBe(plan.calls.length > 1 ? 2 : 1);
  });

  it("says which setting to fix when the server refuses the key, in one line", async () => {
    const fake = await startFakeOpenAi(() => ({ kind: "error", status: 401, message: "bad key sk-test" }));
    try {
      const { code, stdout, stderr } = await standpointAsync(["summarise", example], { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: fake.baseURL, STANDPOINT_CACHE: "off" });
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr.trim().split("\n")).toHaveLength(1);
      expect(stderr).toMatch(/OPENAI_API_KEY/u);
      expect(stderr).not.toContain("sk-test");
    } finally {
      await fake.close();
    }
  });
});
