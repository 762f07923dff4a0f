import { execFileSync } from "node:child_process";
import { closeSync, constants, mkdirSync, mkdtempSync, openSync, readSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { loadInput } from "../core/input/load.js";

const scratch = mkdtempSync(join(tmpdir(), "standpoint-load-"));
const LIMIT = 1000;

describe("loadInput and the size limit", () => {
  it("refuses a regular file over the limit, naming its size", async () => {
    const path = join(scratch, "big.txt");
    writeFileSync(path, "a".repeat(LIMIT + 1));
    await expect(loadInput(path, LIMIT)).rejects.toThrow(`input is ${LIMIT + 1} bytes, over the limit of ${LIMIT}`);
  });

  it("reads a regular file at the limit", async () => {
    const path = join(scratch, "full.txt");
    writeFileSync(path, "a".repeat(LIMIT));
    await expect(loadInput(path, LIMIT)).resolves.toHaveLength(LIMIT);
  });

  it("refuses a device that reports size 0 and never ends", async () => {
    await expect(loadInput("/dev/zero", LIMIT)).rejects.toThrow(`input is over the limit of ${LIMIT} bytes`);
  });

  it("refuses a pipe whose writer never closes, after reading one byte past the limit", async () => {
    const fifo = join(scratch, "pipe");
    execFileSync("mkfifo", [fifo]);
    // This end writes more than the limit and stays open; what loadInput leaves in the pipe is read back.
    const writer = openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK);
    const written = 5 * LIMIT;
    try {
      writeSync(writer, Buffer.alloc(written, "a"));
      await expect(loadInput(fifo, LIMIT)).rejects.toThrow(`input is over the limit of ${LIMIT} bytes`);
      const left = readSync(writer, Buffer.alloc(written));
      expect(written - left).toBe(LIMIT + 1);
    } finally {
      closeSync(writer);
    }
  });

  it("stops pulling from standard input once it is over the limit", async () => {
    let pulled = 0;
    // An endless source that hands out 100 bytes each time it is asked.
    const endless = new Readable({
      highWaterMark: 1,
      read() {
        pulled += 100;
        this.push(Buffer.alloc(100, "a"));
      },
    });
    await expect(loadInput("-", LIMIT, endless)).rejects.toThrow(`input is over the limit of ${LIMIT} bytes`);
    // The chunk that crossed the limit, and at most one asked for ahead of it.
    expect(pulled).toBeLessThanOrEqual(LIMIT + 200);
    expect(endless.destroyed).toBe(true);
  });

  it("keeps the one-line messages for a directory and a missing file", async () => {
    const dir = join(scratch, "dir");
    mkdirSync(dir);
    await expect(loadInput(dir, LIMIT)).rejects.toThrow(`${dir} is a directory, not a file`);
    await expect(loadInput(join(scratch, "nope.txt"), LIMIT)).rejects.toThrow(/^no such file/);
  });
});
