/**
 * Leave-one-out check of the flattened-paste segmenter: for each corpus file, fit the line model on
 * all the other files, flatten the file, and measure how many words keep the depth the multiline
 * parse gives them. The honest figure for mail the model has never seen.
 * Run: npx tsx test/tools/cv-line-model.ts
 */
import { countTransitions, LineModel } from "../../core/readers/mail/line-model.js";
import { readMail } from "../../core/readers/mail/read-mail.js";
import { depthAgreement } from "../support/depth-agreement.js";
import { corpusBodies, trainingBodies } from "./corpus.js";

const bodies = corpusBodies();
const generated = trainingBodies().slice(bodies.length);
let agree = 0;
let total = 0;
for (const held of bodies) {
  const lineModel = new LineModel(countTransitions([...bodies.filter((b) => b !== held).map((b) => b.text), ...generated]));
  const result = depthAgreement(readMail(held.text), readMail(held.text.split("\n").join(" "), { lineModel }));
  agree += result.agree;
  total += result.total;
}
console.log(`leave-one-out flattened depth agreement: ${((100 * agree) / total).toFixed(2)}% of ${total} words`);
