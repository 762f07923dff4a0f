/**
 * Counts line transitions in quoted mail (the real corpus plus generated threads in the client
 * styles the corpus under-represents) and writes core/readers/mail/line-transitions.json, the table
 * the flattened-paste segmenter scores its candidates with.
 * Run: npx tsx test/tools/fit-line-model.ts [more corpus dirs...]
 */
import { writeFileSync } from "node:fs";
import { countTransitions } from "../../core/readers/mail/line-model.js";
import { trainingBodies } from "./corpus.js";

const counts = countTransitions(trainingBodies(process.argv.slice(2)));
const sorted = Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
const out = new URL("../../core/readers/mail/line-transitions.json", import.meta.url);
// One entry a line, so a refit's diff shows which counts moved.
writeFileSync(out, `${JSON.stringify(sorted, null, 1)}\n`);
console.log(`${Object.keys(sorted).length} transition kinds written to ${out.pathname}`);
