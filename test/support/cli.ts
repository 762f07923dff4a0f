import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;

/**
 * The CLI's environment in tests: this one's, colour off, then `env`. An inherited FORCE_COLOR is
 * dropped unless `env` sets one: Node 24 warns on stderr when NO_COLOR and FORCE_COLOR are both
 * present, even empty.
 */
export function cliEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const full: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", ...env };
  if (!("FORCE_COLOR" in env)) delete full.FORCE_COLOR;
  return full;
}

/**
 * Starts the real CLI in a child process, as a user runs it: colour is off unless `env` turns it
 * on, and standard output goes to a pipe unless `stdout` names a file descriptor.
 */
export function spawnStandpoint(args: readonly string[], env: Record<string, string> = {}, stdout: "pipe" | number = "pipe"): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", join(root, "core/cli/main.ts"), ...args], {
    cwd: root,
    env: cliEnv(env),
    stdio: ["pipe", stdout, "pipe"],
  });
}

/**
 * The real CLI in a child process, as a user runs it, without blocking this process (which may be
 * serving a fake model or Discord meanwhile).
 */
export function standpointAsync(args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawnStandpoint(args, env);
    child.stdin?.end();
    let stdout = "";
    let stderr = "";
    child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
