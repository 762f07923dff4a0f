import type { Segment, Thread } from "../../thread/model.js";
import { THREAD_MODEL_VERSION } from "../../thread/model.js";
import { mergeMentions, type Mention } from "../../thread/speakers.js";
import { buildTurns } from "../../thread/turns.js";
import { labelBody, type BodyContext } from "./body.js";
import { isBlank, splitQuotePrefix, type LabelledLine } from "./lines.js";
import type { LineModel } from "./line-model.js";
import { MarkerRuns } from "./marker-runs.js";
import { unflatten } from "./unflatten.js";

/** How to read a body: what the caller knows about it, and (for evaluation) which line model to use. */
export interface ReadOptions extends BodyContext {
  lineModel?: LineModel;
}

/**
 * Parses pasted mail text (one or more messages, multiline or with its newlines lost) into a thread:
 * every word attributed to a speaker, a quote depth and a role.
 */
export function readMail(text: string, context: ReadOptions = {}): Thread {
  const { lines, mentions } = labelMessage(text, context);
  return toThread(lines, mentions);
}

/** Labels the lines of one message body; several bodies' results can be concatenated into one thread. */
export function labelMessage(text: string, context: ReadOptions = {}): { lines: LabelledLine[]; mentions: Mention[] } {
  return labelBody(toQuotedLines(text, context.lineModel), context);
}

/** Builds the thread from labelled lines, merging every mention of one person into one speaker. */
export function toThread(lines: readonly LabelledLine[], mentions: readonly Mention[]): Thread {
  const { speakers, idOf } = mergeMentions(mentions);
  const segments = toSegments(lines, (line) => (line.owner === null ? null : (idOf.get(line.owner) ?? null)));
  // Number speakers by first appearance among the words, dropping mentions that own no words.
  const renumber = new Map<string, string>();
  for (const seg of segments) {
    if (seg.speaker !== null && !renumber.has(seg.speaker)) renumber.set(seg.speaker, `s${renumber.size + 1}`);
  }
  for (const seg of segments) seg.speaker = seg.speaker === null ? null : (renumber.get(seg.speaker) ?? null);
  const used = speakers.flatMap((s) => {
    const id = renumber.get(s.id);
    return id === undefined ? [] : [{ ...s, id }];
  });
  return {
    version: THREAD_MODEL_VERSION,
    source: "mail",
    speakers: used.sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1))),
    segments,
    turns: buildTurns(segments),
  };
}

/** Physical lines, each flattened line (a paste that lost its newlines) expanded into its recovered lines. */
function toQuotedLines(text: string, lineModel?: LineModel): LabelledLine[] {
  const out: LabelledLine[] = [];
  const physical = (text.includes("\r") ? text.replace(/\r\n?/gu, "\n") : text).split("\n");
  // A paste of a few lines may be a whole message that lost its newlines, however short.
  let nonBlank = 0;
  for (const l of physical) if (!isBlank(l) && ++nonBlank > 3) break;
  const fewLines = nonBlank <= 3;
  // Indexed loops here and in toSegments: each runs once per call, often before it is optimised,
  // where an iterator costs an allocation per line.
  // Marker runs recur from line to line: each distinct one is read once per paste, not once per line.
  let markerRuns = new MarkerRuns();
  for (let i = 0; i < physical.length; i++) {
    const raw = physical[i] ?? "";
    const mayBeFlat = raw.length >= 120 || fewLines;
    if (mayBeFlat && markerRuns.worn) markerRuns = new MarkerRuns();
    const recovered = mayBeFlat ? unflatten(raw, lineModel, fewLines, markerRuns) : null;
    if (recovered === null) out.push(splitQuotePrefix(raw));
    // A loop, not push(...): one long flattened line recovers more lines than a call takes arguments.
    else for (const line of recovered) out.push(line);
  }
  return out;
}

/** Joins consecutive lines with the same writer, depth, role and message into segments. */
function toSegments(lines: readonly LabelledLine[], speakerOf: (line: LabelledLine) => string | null): Segment[] {
  const segments: Segment[] = [];
  let current: Segment | undefined;
  // The current segment's lines, blank lines after it included; one buffer serves every segment.
  const buffer: string[] = [];
  const close = (): void => {
    if (current !== undefined) current.text = buffer.join("\n").trimEnd();
    buffer.length = 0;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === undefined) break;
    const blank = isBlank(line.text);
    if (blank) {
      if (current !== undefined) buffer.push(line.text);
      continue;
    }
    const speaker = speakerOf(line);
    if (current !== undefined && current.speaker === speaker && current.depth === line.depth && current.role === line.role && current.message === line.message) {
      buffer.push(line.text);
      continue;
    }
    close();
    current = { speaker, depth: line.depth, role: line.role, text: "", message: line.message };
    buffer.push(line.text);
    segments.push(current);
  }
  close();
  return segments;
}
