import type { ChatRequest } from "../../chat/types.js";
import { isPlainObject } from "../../lib/is-plain-object.js";
import { invalidRequest } from "../../errors.js";
import { openAIChatCall } from "../openai-compatible/request.js";
import { readReasoningEffort } from "../shared/reasoning-effort.js";
import { functionTools, textOnlyContent } from "../shared/request-parts.js";
import type { TranslationContext, UpstreamCall } from "../types.js";
import { mistralMessages } from "./messages.js";
import type { MistralRequest } from "./wire.js";

type ToolChoice = NonNullable<MistralRequest["tool_choice"]>;
type ResponseFormat = NonNullable<MistralRequest["response_format"]>;

/** Request fields Mistral defines under the same name and meaning as OpenAI, copied as they are. */
const SAME_FIELDS = [
  "temperature",
  "top_p",
  "stop",
  "presence_penalty",
  "frequency_penalty",
  "n",
  "parallel_tool_calls",
  "metadata",
  "prompt_cache_key",
] as const;

/** Mistral's own fields, for clients that know them. */
const MISTRAL_FIELDS = ["safe_prompt", "prompt_mode", "guardrails"] as const;

/** Mistral's `service_tier` values; OpenAI's (`flex`, `priority`, …) mean something else. */
const MISTRAL_SERVICE_TIERS = new Set(["auto", "standard_only"]);

/**
 * `POST /v1/chat/completions` in Mistral's dialect of OpenAI's API. Mistral rejects any field it
 * does not define, so the body is built from the fields it knows instead of copied: `store`,
 * `logit_bias`, `user`, `stream_options` and the like are left out; `seed` becomes
 * `random_seed`, `max_completion_tokens` becomes `max_tokens`, `tool_choice: required` becomes
 * `any`, `reasoning_effort: max` becomes `xhigh`. Usage arrives on the last chunk of every stream
 * without being asked for.
 */
export function buildMistralRequest(ctx: TranslationContext): UpstreamCall {
  const { request } = ctx;
  const body: MistralRequest = { model: ctx.upstreamModel, messages: mistralMessages(request.messages), stream: ctx.clientStream };
  const copy = body as unknown as Record<string, unknown>;
  for (const field of [...SAME_FIELDS, ...MISTRAL_FIELDS]) if (request[field] != null) copy[field] = request[field];

  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (maxTokens != null) body.max_tokens = maxTokens;
  const seed = request.seed ?? request.random_seed;
  if (typeof seed === "number") body.random_seed = seed;
  if (typeof request.service_tier === "string" && MISTRAL_SERVICE_TIERS.has(request.service_tier)) body.service_tier = request.service_tier;
  const effort = readReasoningEffort(request);
  // Mistral's efforts are OpenAI's up to xhigh; OpenAI's max is the most Mistral offers.
  if (effort !== undefined) body.reasoning_effort = effort === "max" ? "xhigh" : effort;

  const tools = functionTools(request.tools);
  if (tools.length > 0) {
    body.tools = tools.map((tool) => ({
      type: "function",
      function: {
        name: tool.name,
        ...(tool.description !== undefined ? { description: tool.description } : {}),
        parameters: tool.parameters ?? { type: "object", properties: {} },
        ...(tool.strict !== undefined ? { strict: tool.strict } : {}),
      },
    }));
  }
  const toolChoice = mistralToolChoice(request.tool_choice);
  if (toolChoice !== undefined) body.tool_choice = toolChoice;
  const responseFormat = mistralResponseFormat(request.response_format);
  if (responseFormat) body.response_format = responseFormat;
  const prediction = mistralPrediction(request.prediction);
  if (prediction) body.prediction = prediction;

  return openAIChatCall(ctx.provider, body, ctx.clientStream);
}

function mistralToolChoice(choice: ChatRequest["tool_choice"] | "any"): ToolChoice | undefined {
  if (choice === undefined || choice === null) return undefined;
  // `any` is Mistral's word for `required`; clients that know Mistral may send it themselves.
  if (choice === "required" || choice === "any") return "any";
  if (choice === "auto" || choice === "none") return choice;
  if (isPlainObject(choice) && choice.type === "function" && isPlainObject(choice.function) && typeof choice.function.name === "string") {
    return { type: "function", function: { name: choice.function.name } };
  }
  throw invalidRequest(
    "Invalid value for 'tool_choice': Mistral takes 'none', 'auto', 'required' or a named function.",
    "tool_choice",
    "invalid_value",
  );
}

function mistralResponseFormat(format: ChatRequest["response_format"]): ResponseFormat | undefined {
  if (format === undefined || format === null) return undefined;
  if (format.type === "text" || format.type === "json_object") return { type: format.type };
  if (format.type === "json_schema" && isPlainObject(format.json_schema)) {
    const { name, description, schema, strict } = format.json_schema;
    return {
      type: "json_schema",
      json_schema: {
        name,
        ...(typeof description === "string" ? { description } : {}),
        schema: schema ?? {},
        ...(typeof strict === "boolean" ? { strict } : {}),
      },
    };
  }
  throw invalidRequest(
    "Invalid value for 'response_format.type': Mistral takes 'text', 'json_object' or 'json_schema'.",
    "response_format.type",
    "invalid_value",
  );
}

function mistralPrediction(prediction: ChatRequest["prediction"]): MistralRequest["prediction"] {
  if (prediction === undefined || prediction === null) return undefined;
  return { type: "content", content: textOnlyContent(prediction.content, "prediction", "Mistral") };
}
