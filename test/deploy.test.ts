import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/*
 * The files an operator deploys with, read as text (no Docker here): what reaches the image, what
 * reaches the containers, how they restart, and which Node runs them.
 */

const root = new URL("..", import.meta.url).pathname;
const read = (path: string): string => readFileSync(join(root, path), "utf8");
const lines = (path: string): string[] =>
  read(path)
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));

/** A service's block of docker-compose.yml: its lines up to the next top-level or service key. */
function service(compose: string, name: string): string {
  const start = compose.indexOf(`\n  ${name}:\n`);
  expect(start, `service ${name}`).toBeGreaterThan(-1);
  const rest = compose.slice(start + name.length + 5);
  const end = rest.search(/\n {2}\S|\n\S/u);
  return end === -1 ? rest : rest.slice(0, end);
}

describe("secrets stay out of git and the image", () => {
  it("ignores .env in git", () => {
    expect(lines(".gitignore")).toContain(".env");
  });

  it("sends Docker only what the Dockerfile copies: never .env, .git, node_modules, dist, caches or tests", () => {
    const ignore = lines(".dockerignore");
    // Everything out first, then the Dockerfile's own sources back in, and secrets out wherever they are.
    expect(ignore[0]).toBe("*");
    const allowed = ignore.filter((l) => l.startsWith("!")).map((l) => l.slice(1));
    const copied = read("Dockerfile")
      .split("\n")
      .filter((l) => l.startsWith("COPY ") && !l.includes("--from"))
      .flatMap((l) => l.split(/\s+/u).slice(1, -1));
    expect([...allowed].sort()).toEqual([...new Set(copied)].sort());
    for (const never of [".env", ".git", "node_modules", "dist", "coverage", "test", ".standpoint-cache", "examples"]) expect(allowed).not.toContain(never);
    expect(ignore).toEqual(expect.arrayContaining(["**/.env*", "**/node_modules"]));
  });
});

describe("docker compose", () => {
  const compose = read("docker-compose.yml");

  it("passes every setting of .env to the bot and the workers, and requires none itself", () => {
    // `${VAR:?}` stopped `docker compose up worker` on a host without a Discord token.
    expect(compose).not.toContain(":?");
    expect(compose).toMatch(/env_file:\n\s+- path: \.env\n\s+required: false\n/u);
    const anchor = /^x-standpoint: &standpoint$/mu;
    expect(compose).toMatch(anchor);
    for (const name of ["bot", "worker"]) expect(service(compose, name)).toMatch(/^\s+<<: \*standpoint$/mu);
  });

  it("caps Redis's memory (configurable) and never evicts", () => {
    const command = /command: \[("redis-server".*)\]/u.exec(service(compose, "redis"))?.[1] ?? "";
    expect(command).toMatch(/"--maxmemory", "\$\{REDIS_MAXMEMORY:-\d+[kmg]b\}"/u);
    expect(command).toMatch(/"--maxmemory-policy", "noeviction"/u);
  });

  it("gives up restarting a bot that cannot start, rather than looping on a refused token", () => {
    expect(service(compose, "bot")).toMatch(/^\s+restart: on-failure:\d+$/mu);
  });
});

describe("Node", () => {
  it("builds and runs the image on Node 24 (LTS); installs on 20.19+, 22 and 24; CI tests on 24 too", () => {
    expect(read("Dockerfile").match(/^FROM .*$/gmu)).toEqual(["FROM node:24-slim AS build", "FROM node:24-slim"]);
    expect((JSON.parse(read("package.json")) as { engines: { node: string } }).engines.node).toBe("^20.19.0 || ^22.13.0 || >=24");
    expect(read(".ci/run")).toMatch(/npm pack "node-linux-\$arch@24"[\s\S]*PATH="\$lts\/package\/bin:\$PATH" npx vitest run/u);
  });

  it("runs the processes' npm scripts as node itself, so a signal to npm reaches them", () => {
    const { scripts } = JSON.parse(read("package.json")) as { scripts: Record<string, string> };
    for (const name of ["worker", "bot", "start:worker", "start:bot"]) expect(scripts[name]).toMatch(/^exec node /u);
  });
});
