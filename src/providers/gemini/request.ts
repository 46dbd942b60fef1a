import type { ChatRequest } from "../../chat/types.js";
import { invalidRequest } from "../../errors.js";
import { readReasoningEffort } from "../shared/reasoning-effort.js";
import { readResponseFormat } from "../shared/response-format.js";
import type { TranslationContext, UpstreamCall } from "../types.js";
import { toGeminiConversation } from "./contents.js";
import { readGeminiOptions, type GeminiOptions } from "./options.js";
import { geminiThinking, takesPenalties, validatesThoughtSignatures } from "./reasoning.js";
import { toGeminiJsonSchema } from "./schema.js";
import { toGeminiTools } from "./tools.js";
import type { GeminiGenerationConfig, GenerateContentRequest } from "./wire.js";

/**
 * `POST {base_url}/v1beta/models/{model}:generateContent`, or `:streamGenerateContent?alt=sse`
 * for a streaming client.
 */
export async function buildGeminiRequest(ctx: TranslationContext): Promise<UpstreamCall> {
  const { provider } = ctx;
  const model = encodeURIComponent(geminiModel(ctx));
  const method = ctx.clientStream ? "streamGenerateContent?alt=sse" : "generateContent";
  const headers: Record<string, string> = {
    ...provider.headers,
    "content-type": "application/json",
    accept: ctx.clientStream ? "text/event-stream" : "application/json",
  };
  const body = await toGenerateContentRequest(ctx, readGeminiOptions(provider.options));
  return {
    method: "POST",
    url: `${provider.base_url}/v1beta/models/${model}:${method}`,
    headers,
    body: JSON.stringify(body),
    response: ctx.clientStream ? "sse" : "json",
  };
}

export async function toGenerateContentRequest(ctx: TranslationContext, options: GeminiOptions): Promise<GenerateContentRequest> {
  const { request } = ctx;
  if (request.logprobs === true) {
    throw invalidRequest(
      "Invalid value for 'logprobs': this proxy does not translate Gemini's log probabilities.",
      "logprobs",
      "unsupported_value",
    );
  }
  const generationConfig = toGenerationConfig(request, geminiModel(ctx), options);
  const tools = toGeminiTools(request);
  const { systemInstruction, contents } = await toGeminiConversation(
    request.messages,
    ctx,
    validatesThoughtSignatures(geminiModel(ctx), options),
  );

  const body: GenerateContentRequest = { contents };
  if (systemInstruction) body.systemInstruction = systemInstruction;
  if (tools.tools) body.tools = tools.tools;
  if (tools.toolConfig) body.toolConfig = tools.toolConfig;
  if (Object.keys(generationConfig).length > 0) body.generationConfig = generationConfig;
  return body;
}

/** The model's name as Gemini's paths want it: `models/gemini-x` and `gemini-x` are one model. */
function geminiModel(ctx: TranslationContext): string {
  return ctx.upstreamModel.replace(/^models\//, "");
}

function toGenerationConfig(request: ChatRequest, model: string, options: GeminiOptions): GeminiGenerationConfig {
  const config: GeminiGenerationConfig = {};
  if (typeof request.temperature === "number") config.temperature = request.temperature;
  if (typeof request.top_p === "number") config.topP = request.top_p;
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (typeof maxTokens === "number") config.maxOutputTokens = maxTokens;
  const stop = typeof request.stop === "string" ? [request.stop] : request.stop;
  if (stop && stop.length > 0) config.stopSequences = stop;
  if (typeof request.seed === "number") config.seed = request.seed;
  if (typeof request.n === "number" && request.n > 1) config.candidateCount = request.n;
  if (takesPenalties(model, options)) {
    if (typeof request.presence_penalty === "number") config.presencePenalty = request.presence_penalty;
    if (typeof request.frequency_penalty === "number") config.frequencyPenalty = request.frequency_penalty;
  }

  const format = readResponseFormat(request);
  if (format?.type === "json_object") config.responseMimeType = "application/json";
  if (format?.type === "json_schema") {
    config.responseMimeType = "application/json";
    config.responseJsonSchema = toGeminiJsonSchema(format.schema, { param: "response_format.json_schema.schema", keepPropertyOrder: true });
  }
  const thinking = geminiThinking(readReasoningEffort(request), model, options);
  if (thinking) config.thinkingConfig = thinking;
  return config;
}
