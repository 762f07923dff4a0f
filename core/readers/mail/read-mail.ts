import type { Segment, Thread } from "../../thread/model.js";
import { THREAD_MODEL_VERSION } from "../../thread/model.js";
import { mergeMentions, type Mention } from "../../thread/speakers.js";
import { buildTurns } from "../../thread/turns.js";
import { startPaste } from "./attribution.js";
import { labelBody, type BodyContext } from "./body.js";
import { isBlank, narrowed, quotedLineAt, type LabelledLine } from "./lines.js";
import type { LineModel } from "./line-model.js";
import { MarkerRuns } from "./marker-runs.js";
import { unflatten } from "./unflatten.js";

/** How to read a body: what the caller knows about it, and (for evaluation) which line model to use. */
export type ReadOptions = BodyContext;

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
  startPaste();
  return labelBody(toQuotedLines(text, context.lineModel), context);
}

/** Builds the thread from labelled lines, merging every mention of one person into one speaker. */
export function toThread(lines: readonly LabelledLine[], mentions: readonly Mention[]): Thread {
  const { speakers, idOf } = mergeMentions(mentions);
  const segments = toSegments(lines, idOf);
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
  let out: LabelledLine[] = [];
  const source = text.includes("\r") ? text.replace(/\r\n?/gu, "\n") : text;
  // Lines are read in place, `start` to the next newline (as `split("\n")` would cut them), and
  // only their text is cut from the paste.
  const n = source.length;
  const lineEnd = (start: number): number => {
    const end = source.indexOf("\n", start);
    return end < 0 ? n : end;
  };
  // A paste of a few lines may be a whole message that lost its newlines, however short.
  let nonBlank = 0;
  for (let start = 0; start <= n && nonBlank <= 3; ) {
    const end = lineEnd(start);
    if (!isBlank(source.slice(start, end))) nonBlank++;
    start = end + 1;
  }
  const fewLines = nonBlank <= 3;
  // Marker runs recur from line to line: each distinct one is read once per paste, not once per line.
  let markerRuns = new MarkerRuns();
  for (let start = 0; start <= n; ) {
    const end = lineEnd(start);
    const mayBeFlat = end - start >= 120 || fewLines;
    if (mayBeFlat && markerRuns.worn) markerRuns = new MarkerRuns();
    const recovered = mayBeFlat ? unflatten(source.slice(start, end), lineModel, fewLines, markerRuns) : null;
    if (recovered === null) out.push(quotedLineAt(source, start, end));
    // The first line's recovered lines are taken over rather than copied: on a paste that is one
    // flattened line that is every line, and the copy grew an array as long, whose outgrown
    // copies stayed in old space until a full collection (5 MB of the 10 MB one-line parse).
    else if (out.length === 0) out = recovered;
    // A loop, not push(...): one long flattened line recovers more lines than a call takes arguments.
    else for (const line of recovered) out.push(line);
    start = end + 1;
  }
  return out;
}

/** Joins consecutive lines with the same writer, depth, role and message into segments; `idOf` gives each writer's speaker. */
function toSegments(lines: readonly LabelledLine[], idOf: ReadonlyMap<Mention, string>): Segment[] {
  const segments: Segment[] = [];
  let current: Segment | undefined;
  // The mention the last line with words was written by, and its speaker: runs of lines share one
  // writer, so the map is asked once per run, not once per line.
  let lastOwner: Mention | null = null;
  let lastSpeaker: string | null = null;
  // The current segment's lines, blank lines after it included; one buffer serves every segment,
  // written over and cut to length (emptying an array drops its storage, to be allocated again).
  const buffer: string[] = [];
  let held = 0;
  // How many of the held lines run to the last one with words: the blank lines after it are all
  // whitespace, which trimEnd would cut from the joined text, so they are left out of the join.
  let worded = 0;
  const close = (): void => {
    buffer.length = worded;
    // A text joined from several lines is a new string, narrowed: in a paste holding a character past
    // U+00FF it is two bytes a character. One line's text is that line's own string, kept as it is.
    if (current !== undefined) {
      const text = buffer.join("\n").trimEnd();
      current.text = worded > 1 ? narrowed(text) : text;
    }
    held = 0;
    worded = 0;
  };
  // An indexed loop: this runs once per call, often before it is optimised, where an iterator
  // costs an allocation per line.
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === undefined) break;
    const blank = isBlank(line.text);
    if (blank) {
      if (current !== undefined) buffer[held++] = line.text;
      continue;
    }
    if (line.owner !== lastOwner) {
      lastOwner = line.owner;
      lastSpeaker = lastOwner === null ? null : (idOf.get(lastOwner) ?? null);
    }
    const speaker = lastSpeaker;
    if (current !== undefined && current.speaker === speaker && current.depth === line.depth && current.role === line.role && current.message === line.message) {
      buffer[held++] = line.text;
      worded = held;
      continue;
    }
    close();
    current = { speaker, depth: line.depth, role: line.role, text: "", message: line.message };
    buffer[held++] = line.text;
    worded = held;
    segments.push(current);
  }
  close();
  return segments;
}
