import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

/*
 * The project's entry points (bot/main.ts, worker/main.ts) run as real child processes through tsx,
 * so that signals are real: SIGKILL leaves what a crash leaves, SIGTERM runs the shutdown path.
 */

const root = new URL("../..", import.meta.url).pathname;

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
