import { spawn, spawnSync } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SummarySchema } from "../core/summary/model.js";
import { packageVersion } from "../core/cli/version.js";
import { startFakeOpenAi } from "./support/fake-openai.js";
import { cliEnv, spawnStandpoint, standpointAsync } from "./support/cli.js";
import { freePort } from "./support/processes.js";
import { deleteKeys } from "./support/redis.js";

const root = new URL("..", import.meta.url).pathname;
const example = join(root, "examples/lkml-accel-flattened.txt");

/** Runs the real CLI in a child process, as a user would through `npm run standpoint`. */
function standpoint(args: string[], input?: string | Buffer, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ["--import", "tsx", join(root, "core/cli/main.ts"), ...args], {
    cwd: root,
    input,
    env: cliEnv(env),
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

  it("prints a summary it paid for even when the cache cannot keep it, saying so in one line", async () => {
    const fake = await startFakeOpenAi();
    try {
      // A file where the cache directory should be: every write to the cache fails.
      const blocked = join(mkdtempSync(join(tmpdir(), "standpoint-cache-")), "not-a-dir");
      writeFileSync(blocked, "");
      const { code, stdout, stderr } = await standpointAsync(["summarise", "--json", example], { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: fake.baseURL, STANDPOINT_CACHE_DIR: blocked });
      expect(code, stderr).toBe(0);
      expect(SummarySchema.parse(JSON.parse(stdout)).provenance.calls).toBe(1);
      expect(stderr.trim().split("\n")).toEqual([expect.stringMatching(/could not be kept in .*not-a-dir .*printed all the same$/u)]);
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

const ESCAPE = "\x1b[";

describe("standpoint as a command", () => {
  it("ends quietly with exit code 0 when the reader of its output goes away (| head)", async () => {
    // Hundreds of kilobytes of output: many writes into a pipe whose reader is gone after the first.
    const big = file("big.txt", readFileSync(example, "utf8").repeat(200));
    const child = spawnStandpoint(["parse", big]);
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdout?.once("data", () => child.stdout?.destroy());
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });

  it("ends with one line and exit code 1 when its output cannot be written (a full disk)", async () => {
    const full = openSync("/dev/full", "w");
    try {
      const child = spawnStandpoint(["parse", example], {}, full);
      let stderr = "";
      child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
      const code = await new Promise((resolve) => child.on("close", resolve));
      expect(code).toBe(1);
      expect(stderr.trim().split("\n")).toHaveLength(1);
      expect(stderr).toMatch(/^standpoint: cannot write the output: .*ENOSPC/u);
    } finally {
      closeSync(full);
    }
  });

  it("prints its version from package.json with --version and -V", () => {
    const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
    for (const flag of ["--version", "-V"]) {
      const { code, stdout, stderr } = standpoint([flag]);
      expect(code).toBe(0);
      expect(stdout).toBe(`${version}\n`);
      expect(stderr).toBe("");
    }
  });

  it("finds package.json from the compiled CLI in dist/core/cli/ too", () => {
    const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };
    expect(packageVersion(new URL("../dist/core/cli/version.js", import.meta.url))).toBe(version);
  });

  it("prints its usage on stderr with exit code 2 when given no command", () => {
    const { code, stdout, stderr } = standpoint([]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^Usage: standpoint /u);
    expect(stderr).toContain("summarise");
    expect(stderr).not.toContain("outputHelp");
  });

  it("prints its usage on stdout with exit code 0 when asked with --help", () => {
    const { code, stdout, stderr } = standpoint(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: standpoint /u);
    expect(stderr).toBe("");
  });
});

describe("colour", () => {
  it("is off when the output is not a terminal, even with CI set", () => {
    const { code, stdout } = standpoint(["parse", example], undefined, { NO_COLOR: "", CI: "1" });
    expect(code).toBe(0);
    expect(stdout).toContain("[content | depth 2 | Daniel Vetter]");
    expect(stdout).not.toContain(ESCAPE);
  });

  it("is off with NO_COLOR, even with FORCE_COLOR and CI set", () => {
    const { stdout } = standpoint(["summarise", example], undefined, { NO_COLOR: "1", FORCE_COLOR: "1", CI: "1", OPENAI_API_KEY: "" });
    expect(stdout).toContain("Jason Gunthorpe");
    expect(stdout).not.toContain(ESCAPE);
  });

  it("is on with FORCE_COLOR, also into a pipe", () => {
    const { stdout } = standpoint(["parse", example], undefined, { NO_COLOR: "", FORCE_COLOR: "1" });
    expect(stdout).toContain(ESCAPE);
  });

  it("is on at a terminal", () => {
    const command = [process.execPath, "--import", "tsx", join(root, "core/cli/main.ts"), "parse", example].map((a) => `'${a}'`).join(" ");
    // `script` runs the command on a pseudo-terminal of its own.
    const result = spawnSync("script", ["-qec", command, "/dev/null"], { cwd: root, env: { ...process.env, NO_COLOR: "", FORCE_COLOR: "", TERM: "xterm" }, encoding: "utf8" });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(ESCAPE);
  });
});

describe("exit codes", () => {
  const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const PREFIX = `sptest-cli-${process.pid}`;
  afterAll(() => deleteKeys(REDIS_URL, PREFIX));

  it("waits for a worker, says so once, and gives up after --timeout with one line and exit code 69", async () => {
    const { code, stdout, stderr } = await standpointAsync(["summarise", "--queue", "--timeout", "4", example], { REDIS_URL, STANDPOINT_REDIS_PREFIX: PREFIX });
    expect(code, stderr).toBe(69);
    expect(stdout).toBe("");
    const lines = stderr.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe("standpoint: waiting for a worker…");
    expect(lines[1]).toMatch(/^standpoint: no worker took the job within 4 s/u);
  });

  it("rejects a bad --timeout as bad input (2)", () => {
    const { code, stderr } = standpoint(["summarise", "--queue", "--timeout", "soon", example]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/positive whole number/u);
  });

  it("ends with 69 and one line when Redis cannot be reached", async () => {
    const { code, stdout, stderr } = await standpointAsync(["summarise", "--queue", example], { REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    expect(code, stderr).toBe(69);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/cannot reach Redis/u);
  });

  it("ends with 69 and one line when the model server is down", async () => {
    const { code, stdout, stderr } = await standpointAsync(["summarise", example], { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: `http://127.0.0.1:${await freePort()}/v1`, STANDPOINT_CACHE: "off" });
    expect(code, stderr).toBe(69);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/cannot reach/u);
    expect(stderr).not.toContain("sk-test");
  });
});

describe("the test suite without Redis", () => {
  it("stops at once with one line naming REDIS_URL and how to start Redis", async () => {
    // One trivial test file of its own, run by vitest with this project's configuration.
    const dir = mkdtempSync(join(tmpdir(), "standpoint-vitest-"));
    mkdirSync(join(dir, "test"));
    writeFileSync(join(dir, "test", "trivial.test.ts"), `import { expect, it } from "vitest";\nit("runs", () => expect(1).toBe(1));\n`);
    const child = spawn(process.execPath, [join(root, "node_modules/vitest/vitest.mjs"), "run", "--dir", dir], {
      cwd: root,
      env: { ...process.env, REDIS_URL: `redis://127.0.0.1:${await freePort()}`, NO_COLOR: "1" },
      // A deadline for "at once", not a speed test: far below what the suite's Redis tests take to time out.
      timeout: 30_000,
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(code, output).toBe(1);
    const lines = output.split("\n").filter((l) => l.includes("REDIS_URL"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/redis-server --daemonize yes/u);
    expect(output).not.toContain("1 passed");
  });
});
