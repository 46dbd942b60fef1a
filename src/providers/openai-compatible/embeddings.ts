import type { EmbeddingVector } from "../../embeddings/types.js";
import { openAIStyleError } from "../shared/error-body.js";
import { jsonCall } from "../shared/json-call.js";
import { malformedUpstream, parseUpstreamObject } from "../shared/upstream-json.js";
import type { EmbeddingsTranslation, ProviderConfig, TranslatedEmbeddings, UpstreamCall } from "../types.js";
import { scanUsage } from "./usage-scan.js";

/**
 * OpenAI and every server that speaks its API (OpenRouter, LM Studio, vLLM, …): the request goes
 * out as it came in, unknown fields and token arrays included, with the routed model name; the
 * answer is OpenAI's own.
 */
export const openAIEmbeddings: EmbeddingsTranslation = {
  takesTokens: true,
  buildRequest: (ctx) => openAIEmbeddingsCall(ctx.provider, { ...ctx.request, model: ctx.upstreamModel }),
  parseResponse: (body) => parseOpenAIEmbeddings(body),
};

/** `POST {base_url}/embeddings` with the provider's headers. */
export function openAIEmbeddingsCall(provider: ProviderConfig, body: object): UpstreamCall {
  return jsonCall(provider, `${provider.base_url}/embeddings`, body);
}

/**
 * An answer in OpenAI's `CreateEmbeddingResponse` shape. Its bytes may go out unchanged, so it is
 * parsed only on demand: its usage is read from the text, its vectors only when they are needed
 * (another encoding, batches to join).
 */
export function parseOpenAIEmbeddings(body: string): TranslatedEmbeddings {
  return new OpenAIEmbeddingsAnswer(body);
}

/** A class rather than an object literal with getters, which V8 builds far more slowly. */
class OpenAIEmbeddingsAnswer implements TranslatedEmbeddings {
  private parsed: Record<string, unknown> | undefined;
  private found: EmbeddingVector[] | undefined;

  constructor(readonly text: string) {}

  get vectors(): readonly EmbeddingVector[] {
    return (this.found ??= orderedVectors(this.answer().data));
  }

  get promptTokens(): number | undefined {
    const scanned = scanUsage(this.text, '"data"');
    const usage = scanned === undefined ? (this.answer().usage as { prompt_tokens?: unknown } | null | undefined) : scanned;
    const tokens = usage?.prompt_tokens;
    return typeof tokens === "number" && Number.isInteger(tokens) && tokens >= 0 ? tokens : undefined;
  }

  private answer(): Record<string, unknown> {
    if (this.parsed) return this.parsed;
    const parsed = parseUpstreamObject(this.text);
    // Some compatible servers report failures as a 200 carrying an error body.
    if (!Array.isArray(parsed.data)) {
      if (parsed.error !== undefined) throw openAIStyleError(502, this.text, {});
      throw malformedUpstream();
    }
    return (this.parsed = parsed);
  }
}

/** `data[]` → the vectors by their `index` (every index from 0 once), floats or base64 strings. */
function orderedVectors(data: unknown): EmbeddingVector[] {
  const items = data as unknown[];
  const vectors = new Array<EmbeddingVector>(items.length);
  for (const item of items) {
    const { index, embedding } = (item ?? {}) as { index?: unknown; embedding?: unknown };
    const at = typeof index === "number" ? index : -1;
    if (!Number.isInteger(at) || at < 0 || at >= items.length || vectors[at] !== undefined || !isVector(embedding)) {
      throw malformedUpstream("embedding");
    }
    vectors[at] = embedding;
  }
  return vectors;
}

function isVector(value: unknown): value is EmbeddingVector {
  if (typeof value === "string") return true;
  if (!Array.isArray(value)) return false;
  for (const number of value) if (typeof number !== "number") return false;
  return true;
}
