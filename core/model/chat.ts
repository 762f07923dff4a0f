import OpenAI from "openai";
import { ModelError } from "./errors.js";

/** How to reach an OpenAI-compatible Chat Completions server. */
export interface ChatSettings {
  model: string;
  apiKey: string;
  /** Unset for OpenAI itself; any OpenAI-compatible server otherwise (vLLM, Ollama, llama.cpp, LM Studio, gateways). */
  baseURL: string | undefined;
  timeoutMs: number;
  /**
   * Retries of 429, 5xx, timeouts and dropped connections, with the SDK's exponential backoff that
   * honours `retry-after`. This is the one retry layer for model calls in the CLI; the queue worker
   * sets 0 and lets its job retries do it.
   */
  maxRetries: number;
}

/** One structured call: two messages and the JSON schema the answer must follow. */
export interface StructuredRequest<T> {
  system: string;
  user: string;
  schemaName: string;
  jsonSchema: Record<string, unknown>;
  /** Validates the parsed JSON; throws (with a message the model can act on) when it does not fit. */
  parse(json: unknown): T;
}

export interface Completion<T> {
  value: T;
  promptTokens: number;
  completionTokens: number;
  /** Calls made, counting a repair attempt. */
  calls: number;
}

/** A model that answers structured requests. The pipeline depends on this, not on the SDK. */
export interface ChatModel {
  readonly model: string;
  /** Host of the server (`api.openai.com`, `localhost:8000`), for provenance. */
  readonly provider: string;
  complete<T>(request: StructuredRequest<T>): Promise<Completion<T>>;
}

type Message = OpenAI.Chat.Completions.ChatCompletionMessageParam;

/**
 * A ChatModel over the `openai` package's Chat Completions API. Structured outputs (a strict JSON
 * schema) where the server supports them; where it refuses them, JSON mode. Either way the answer is
 * validated, and an invalid one gets one repair attempt before the call fails.
 */
export function openAiChatModel(settings: ChatSettings): ChatModel {
  const client = new OpenAI({ apiKey: settings.apiKey, baseURL: settings.baseURL, timeout: settings.timeoutMs, maxRetries: settings.maxRetries });
  const provider = new URL(settings.baseURL ?? "https://api.openai.com/v1").host;
  // Learnt on the first refusal and kept: a server without structured outputs will not grow them mid-run.
  let structured = true;

  async function send(messages: Message[], request: StructuredRequest<unknown>): Promise<OpenAI.Chat.Completions.ChatCompletion> {
    const format = structured
      ? ({ type: "json_schema", json_schema: { name: request.schemaName, strict: true, schema: request.jsonSchema } } as const)
      : ({ type: "json_object" } as const);
    try {
      return await client.chat.completions.create({ model: settings.model, messages, response_format: format });
    } catch (err) {
      if (structured && err instanceof OpenAI.BadRequestError && /response_format|json_schema|structured|not supported/iu.test(err.message)) {
        structured = false;
        return send(messages, request);
      }
      throw toModelError(err, settings);
    }
  }

  return {
    model: settings.model,
    provider,
    async complete<T>(request: StructuredRequest<T>): Promise<Completion<T>> {
      const messages: Message[] = [
        { role: "system", content: request.system },
        { role: "user", content: request.user },
      ];
      let promptTokens = 0;
      let completionTokens = 0;
      for (let attempt = 0; attempt < 2; attempt++) {
        const res = await send(messages, request as StructuredRequest<unknown>);
        promptTokens += res.usage?.prompt_tokens ?? 0;
        completionTokens += res.usage?.completion_tokens ?? 0;
        const content = res.choices[0]?.message.content ?? "";
        try {
          return { value: request.parse(JSON.parse(content) as unknown), promptTokens, completionTokens, calls: attempt + 1 };
        } catch (err) {
          const problem = err instanceof Error ? err.message : String(err);
          // One repair attempt: the model sees its answer and what is wrong with it.
          messages.push(
            { role: "assistant", content },
            { role: "user", content: `That reply is not valid for the required JSON schema: ${problem.slice(0, 500)}. Reply again with only the corrected JSON object.` },
          );
        }
      }
      // What was wrong is the model's answer, made of the thread: it stays out of the message.
      throw new ModelError("invalid_output", "the model's answer did not follow the summary schema, even after a repair attempt");
    },
  };
}

/** The wait a 429 asks for: `retry-after-ms`, else `retry-after` in seconds or as a date. */
function retryAfter(headers: Headers | undefined): number | undefined {
  const ms = Number(headers?.get("retry-after-ms") ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get("retry-after");
  if (value === null || value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Maps SDK errors (after its retries) to what the user should do about them. */
function toModelError(err: unknown, settings: ChatSettings): ModelError {
  // OpenAI by name; any other server by the setting that holds its address, never the address.
  const where = settings.baseURL === undefined ? "OpenAI" : "the model server (OPENAI_BASE_URL)";
  if (err instanceof OpenAI.AuthenticationError || err instanceof OpenAI.PermissionDeniedError) {
    return new ModelError("auth", `${where} refused the API key (${err.status}): check OPENAI_API_KEY`, undefined, err.status);
  }
  if (err instanceof OpenAI.BadRequestError && (err.code === "context_length_exceeded" || /context length|maximum context|too many tokens|context window/iu.test(err.message))) {
    return new ModelError("context_length", `the request is longer than ${settings.model}'s context window`, undefined, err.status);
  }
  if (err instanceof OpenAI.NotFoundError) return new ModelError("rejected", `${where} does not know the model "${settings.model}" (404): check STANDPOINT_MODEL`, undefined, err.status);
  if (err instanceof OpenAI.RateLimitError) return new ModelError("rate_limited", `${where} is rate limiting requests (429)`, retryAfter(err.headers), err.status);
  if (err instanceof OpenAI.APIConnectionTimeoutError) return new ModelError("unavailable", `${where} did not answer within ${settings.timeoutMs} ms`);
  if (err instanceof OpenAI.APIConnectionError) return new ModelError("unavailable", `cannot reach ${where}`);
  if (err instanceof OpenAI.InternalServerError) return new ModelError("unavailable", `${where} failed (${err.status}) and did not recover after retries`, undefined, err.status);
  if (err instanceof OpenAI.APIError) return new ModelError("rejected", `${where} rejected the request (${err.status ?? "no status"})`, undefined, err.status);
  return new ModelError("unavailable", `the model call failed (${err instanceof Error ? err.name : typeof err})`);
}
