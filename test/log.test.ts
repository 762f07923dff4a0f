import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { deleteKeys } from "./support/redis.js";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const PREFIX = `sptest-log-${process.pid}`;
const root = new URL("..", import.meta.url).pathname;

afterAll(() => deleteKeys(REDIS_URL, PREFIX));

describe("the processes' logger", () => {
  it("never prints a Redis command's arguments or an interaction token, whether an error or a delivery carries it", () => {
    // Shaped like a real interaction token: long, mixed case, digits.
    const token = `aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OTpTZWNyZXRUb2tlbl9${process.pid}`;
    const { status, stderr } = spawnSync(process.execPath, ["--import", "tsx", join(root, "test/support/log-redis-error.ts"), REDIS_URL, `${PREFIX}:delivery`, token], { cwd: root, encoding: "utf8", timeout: 20_000 });
    expect(status, stderr).toBe(0);
    const lines = stderr.trim().split("\n").map((l) => JSON.parse(l) as { msg: string; err?: { type?: string; message?: string; command?: string } | string });
    expect(lines.map((l) => l.msg)).toEqual(["could not queue the failure delivery", "as text", "delivery logged whole", "job logged whole"]);
    expect(stderr).not.toContain(token);
    expect(stderr).not.toContain(PREFIX);
    // What an operator needs is still there: the error's type, Redis's own words and the command.
    expect(lines[0]?.err).toMatchObject({ type: "ReplyError", message: expect.stringMatching(/not an integer/u), command: "set" });
  });
});
