import path from "node:path";
import { fileURLToPath } from "node:url";
import { dispatch } from "../support/dispatch.js";

// `npm run eval -- <name> [args...]` runs test/eval/<name>.ts (see test/support/dispatch.ts).
process.exitCode = await dispatch(path.dirname(fileURLToPath(import.meta.url)), "eval", process.argv.slice(2));
