import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { dirname, join } from "node:path";

/*
 * The project's entry points (bot/main.ts, worker/main.ts) run as real child processes, so that
 * signals are real: SIGKILL leaves what a crash leaves, SIGTERM runs the shutdown path.
 * `ManagedProcess` runs one entry (start, stop, restart); `start` runs any command as an operator
 * would (through npm or node), with stderr collected and the exit awaited.
 */

export const root = new URL("../..", import.meta.url).pathname;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** An entry point run as a child process, which can be signalled and started again with the same settings. */
export class ManagedProcess {
  /** Everything the process wrote to stdout, over all its runs. */
  stdout = "";
  /** Everything the process wrote to stderr, over all its runs. */
  stderr = "";
  private child: ChildProcess | undefined;
  private exit: Promise<Exit> = Promise.resolve({ code: null, signal: null });

  /** `entry` is relative to the repository root, e.g. "worker/main.ts"; `env` is the whole environment. */
  constructor(
    readonly name: string,
    private readonly entry: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts a run; throws when one is still going. */
  start(): this {
    if (this.running) throw new Error(`${this.name} is already running`);
    const child = spawn(process.execPath, ["--import", "tsx", join(root, this.entry)], { cwd: root, env: this.env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (c: Buffer) => (this.stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (this.stderr += c.toString("utf8")));
    // "close", not "exit": by then the output is all read.
    this.exit = new Promise((resolve) => child.once("close", (code, signal) => resolve({ code, signal })));
    this.child = child;
    return this;
  }

  /** How the current (or last) run ended, once it has. */
  exited(): Promise<Exit> {
    return this.exit;
  }

  /** Sends `signal` and waits for the run to end (at once when none is running). */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<Exit> {
    if (this.running) this.child?.kill(signal);
    return this.exit;
  }

  /** Ends the run with `signal` (SIGKILL: a crash) and starts the next one. */
  async restart(signal: NodeJS.Signals = "SIGKILL"): Promise<this> {
    await this.stop(signal);
    return this.start();
  }
}

export interface Running {
  child: ChildProcess;
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Waits until stderr matches `pattern`; rejects after `timeoutMs` or when the process ends first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

const started: ChildProcess[] = [];

/**
 * Starts `command` in the project's root with the test's environment plus `env`. The node running
 * the tests comes first on PATH, so that npm's scripts run on it too.
 */
export function start(command: string, args: readonly string[], env: Record<string, string>): Running {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ""}`, ...env }, stdio: ["ignore", "ignore", "pipe"] });
  started.push(child);
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let ended = false;
  void exited.then(() => (ended = true));
  return {
    child,
    stderr: () => stderr,
    exited,
    async waitFor(pattern, timeoutMs = 20_000) {
      const end = Date.now() + timeoutMs;
      while (!pattern.test(stderr)) {
        if (ended) throw new Error(`the process ended before ${String(pattern)}:\n${stderr}`);
        if (Date.now() > end) throw new Error(`timed out waiting for ${String(pattern)}:\n${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

/** The worker or the bot, run on this node with tsx as `npm run` runs them. */
export const startNode = (entry: "worker/main.ts" | "bot/main.ts", env: Record<string, string>): Running => start(process.execPath, ["--import", "tsx", entry], env);

/** Kills whatever a test started and left running (a failed test's processes, or their orphans). */
export function killStarted(orphans: readonly number[] = []): void {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const pid of orphans) if (alive(pid)) process.kill(pid, "SIGKILL");
}

/** A port nothing listens on (probed, then closed). */
export const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

/** Every process descended from `pid`, from /proc (Linux). */
export function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/u.test(entry)) continue;
    try {
      // pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last ")".
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      // Ended while we looked.
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const current = queue.shift();
    for (const [child, parent] of parents) {
      if (parent === current) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

/** Whether a process still exists (a zombie awaiting its parent counts as ended). */
export function alive(pid: number): boolean {
  try {
    const state = readFileSync(`/proc/${pid}/stat`, "utf8");
    return state.slice(state.lastIndexOf(")") + 2, state.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** The JSON lines of a process's stderr, and any other line (a raw stack trace, ioredis's own output). */
export function logLines(stderr: string): { json: { level: number; msg: string; [k: string]: unknown }[]; other: string[] } {
  const json: { level: number; msg: string }[] = [];
  const other: string[] = [];
  for (const line of stderr.split("\n")) {
    if (line.trim() === "") continue;
    try {
      json.push(JSON.parse(line) as { level: number; msg: string });
    } catch {
      other.push(line);
    }
  }
  return { json, other };
}
