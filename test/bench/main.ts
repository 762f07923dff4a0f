import path from "node:path";
import { fileURLToPath } from "node:url";
import { dispatch } from "../support/dispatch.js";

// `npm run bench -- <name> [args...]` runs test/bench/<name>.ts (see test/support/dispatch.ts).
process.exitCode = await dispatch(path.dirname(fileURLToPath(import.meta.url)), "bench", process.argv.slice(2));
