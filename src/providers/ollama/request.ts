import type { ChatRequest } from "../../chat/types.js";
import { isPlainObject } from "../../lib/is-plain-object.js";
import { invalidRequest } from "../../errors.js";
import { upstreamHeaders } from "../shared/headers.js";
import { readReasoningEffort } from "../shared/reasoning-effort.js";
import { functionTools } from "../shared/request-parts.js";
import type { TranslationContext, UpstreamCall } from "../types.js";
import { ollamaMessages } from "./messages.js";
import { readOllamaOptions } from "./options.js";
import type { OllamaChatRequest, OllamaThink, OllamaTool } from "./wire.js";

/**
 * `POST /api/chat`: OpenAI's sampling parameters go into Ollama's `options` (a client may add
 * Ollama's own there, such as `num_ctx`), `response_format` becomes `format`, `reasoning_effort`
 * becomes `think`, and `keep_alive` passes through. JSON clients get `stream: false`; streams
 * come back as NDJSON.
 */
export async function buildOllamaRequest(ctx: TranslationContext): Promise<UpstreamCall> {
  const { provider, request } = ctx;
  if (typeof request.n === "number" && request.n > 1) {
    throw invalidRequest("Invalid value for 'n': Ollama generates one choice per request.", "n", "invalid_value");
  }
  const body: OllamaChatRequest = { model: ctx.upstreamModel, messages: [], stream: ctx.clientStream };
  const options = modelOptions(request);
  if (Object.keys(options).length > 0) body.options = options;
  const format = ollamaFormat(request.response_format);
  if (format !== undefined) body.format = format;
  const tools = ollamaTools(request);
  if (tools.length > 0) body.tools = tools;
  const think = ollamaThink(request, ctx.upstreamModel, readOllamaOptions(provider.options).thinkLevelModels);
  if (think !== undefined) body.think = think;
  const keepAlive = request.keep_alive;
  if (typeof keepAlive === "string" || typeof keepAlive === "number") body.keep_alive = keepAlive;
  body.messages = await ollamaMessages(request.messages, ctx.fetchImage);

  return {
    method: "POST",
    url: `${provider.base_url}/api/chat`,
    headers: upstreamHeaders(provider, ctx.clientStream ? "application/x-ndjson" : "application/json", true),
    body: JSON.stringify(body),
    response: ctx.clientStream ? "ndjson" : "json",
  };
}

function modelOptions(request: ChatRequest): Record<string, unknown> {
  const options: Record<string, unknown> = isPlainObject(request.options) ? { ...request.options } : {};
  const set = (name: string, value: unknown) => {
    if (value !== undefined && value !== null) options[name] = value;
  };
  set("temperature", request.temperature);
  set("top_p", request.top_p);
  set("num_predict", request.max_completion_tokens ?? request.max_tokens);
  set("stop", typeof request.stop === "string" ? [request.stop] : request.stop);
  set("seed", request.seed);
  set("presence_penalty", request.presence_penalty);
  set("frequency_penalty", request.frequency_penalty);
  return options;
}

function ollamaFormat(format: ChatRequest["response_format"]): OllamaChatRequest["format"] {
  if (format === undefined || format === null || format.type === "text") return undefined;
  if (format.type === "json_object") return "json";
  if (format.type === "json_schema" && isPlainObject(format.json_schema?.schema)) return format.json_schema.schema;
  throw invalidRequest(
    "Invalid value for 'response_format': Ollama takes 'text', 'json_object' or 'json_schema' with a schema.",
    "response_format",
    "invalid_value",
  );
}

/**
 * Ollama has no `tool_choice`: `none` is honoured by sending no tools and a named function by
 * sending only that one; `auto` and `required` send them all.
 */
function ollamaTools(request: ChatRequest): OllamaTool[] {
  const choice = request.tool_choice;
  if (choice === "none") return [];
  let tools = functionTools(request.tools);
  if (isPlainObject(choice) && choice.type === "function" && isPlainObject(choice.function)) {
    const name = choice.function.name;
    tools = tools.filter((tool) => tool.name === name);
    if (tools.length === 0) {
      throw invalidRequest(
        `Invalid value for 'tool_choice': no tool named '${String(name)}' is in 'tools'.`,
        "tool_choice",
        "invalid_value",
      );
    }
  }
  return tools.map((tool) => ({
    type: "function",
    function: {
      name: tool.name,
      ...(tool.description !== undefined ? { description: tool.description } : {}),
      ...(tool.parameters !== undefined ? { parameters: tool.parameters } : {}),
    },
  }));
}

/**
 * Ollama's own `think` wins when the client sends it. Otherwise `reasoning_effort`: `none`
 * turns thinking off; any other effort turns it on, as a level for models that take levels
 * (gpt-oss) and as `true` for the rest.
 */
function ollamaThink(request: ChatRequest, model: string, levelModels: RegExp[]): OllamaThink | undefined {
  const native = request.think;
  if (typeof native === "boolean" || native === "low" || native === "medium" || native === "high") return native;
  const effort = readReasoningEffort(request);
  if (effort === undefined) return undefined;
  if (effort === "none") return false;
  if (!levelModels.some((pattern) => pattern.test(model))) return true;
  if (effort === "minimal") return "low";
  if (effort === "xhigh" || effort === "max") return "high";
  return effort;
}
