/**
 * Counts line transitions in quoted mail and writes core/readers/mail/line-transitions.json, the table
 * the flattened-paste segmenter scores its candidates with (the line model a parse uses unless given
 * another), with how many bodies hold each attribution shape (how rare a mail client's attribution is,
 * which the naming of unnamed writers weighs: see LineModel.shapeShare). It counts what the evaluation fits each list's model on: the real corpus, generated
 * threads in the client styles the corpus under-represents, and the real list replies of eval/mail
 * (restored as eval/mail/README.md says); the evaluation leaves out the list it scores, the shipped
 * model has them all (see trainingCounts in corpus.ts for how they are weighed).
 *
 *   npx tsx test/tools/fit-line-model.ts [--mail eval/mail]
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { DEFAULT_MAIL_DIR, loadMessages } from "../eval/attribution/load.js";
import { trainingCounts } from "./corpus.js";

const { values } = parseArgs({ options: { mail: { type: "string", default: DEFAULT_MAIL_DIR } } });
const replies = (await loadMessages(values.mail)).filter((m) => m.role === "reply").map((m) => m.body);
const counts = trainingCounts(replies);
const sorted = Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
const out = new URL("../../core/readers/mail/line-transitions.json", import.meta.url);
// One entry a line, so a refit's diff shows which counts moved.
writeFileSync(out, `${JSON.stringify(sorted, null, 1)}\n`);
console.log(`${Object.keys(sorted).length} transition kinds from ${replies.length} list replies and the corpus written to ${out.pathname}`);
