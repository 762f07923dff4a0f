import { once } from "node:events";

// Characters gathered before a write: large enough that writes are few, small next to a parse.
const BATCH = 1 << 20;

/**
 * The text of `JSON.stringify(value)` for an object, in pieces: each array-valued field one element at
 * a time. A 20 MB paste's parse is some 30 MB of JSON; stringified whole, then joined with a newline
 * and turned into bytes, it was held three times over at once.
 */
export function* jsonPieces(value: Readonly<Record<string, unknown>>): Generator<string> {
  yield "{";
  let first = true;
  for (const [key, field] of Object.entries(value)) {
    const items: readonly unknown[] | undefined = Array.isArray(field) ? field : undefined;
    const whole = items === undefined ? (JSON.stringify(field) as string | undefined) : "";
    // JSON.stringify leaves out fields it cannot write (undefined, functions).
    if (whole === undefined) continue;
    yield `${first ? "" : ","}${JSON.stringify(key)}:`;
    first = false;
    if (items === undefined) {
      yield whole;
      continue;
    }
    yield "[";
    for (let i = 0; i < items.length; i++) yield `${i === 0 ? "" : ","}${(JSON.stringify(items[i]) as string | undefined) ?? "null"}`;
    yield "]";
  }
  yield "}";
}

/**
 * Writes `value` as one line of JSON (the same bytes as `JSON.stringify(value)` and a newline) in
 * batches, waiting whenever the stream asks to.
 */
export async function writeJsonLine(out: NodeJS.WritableStream, value: Readonly<Record<string, unknown>>): Promise<void> {
  let batch = "";
  const flush = async (): Promise<void> => {
    const text = batch;
    batch = "";
    if (!out.write(text)) await once(out, "drain");
  };
  for (const piece of jsonPieces(value)) {
    batch += piece;
    if (batch.length >= BATCH) await flush();
  }
  batch += "\n";
  await flush();
}
