import { jsonAnswer } from "../pipeline/answers.js";
import type { Answer, Attempt } from "../pipeline/types.js";
import { malformedUpstream } from "../providers/shared/upstream-json.js";
import type { TranslatedEmbeddings, UpstreamCall } from "../providers/types.js";
import { readBytes, type UpstreamResponse } from "../upstream/client.js";
import { embeddingsAnswerText } from "./answer-text.js";
import { BatchCalls, batchContext, splitRequest } from "./batches.js";
import { encodingOfAnswer, requestedEncoding } from "./encoding.js";
import { inputList } from "./inputs.js";
import type { EmbeddingsRequest, EmbeddingVector } from "./types.js";
import { countPromptTokens, embeddingsUsage } from "./usage.js";

type EmbeddingsAttempt = Attempt<EmbeddingsRequest>;

/**
 * A 2xx upstream answer to an embeddings request → the client's answer. A request split into
 * batches has its other batches sent now, and their vectors joined in input order. An answer that
 * is OpenAI's already, in the encoding asked for and with its usage, goes out byte for byte;
 * any other is written anew, its vectors encoded as the client asked (an upstream that answers
 * floats to a base64 request gets them encoded by the proxy).
 */
export async function receiveEmbeddings(upstream: UpstreamResponse, _call: UpstreamCall, attempt: EmbeddingsAttempt): Promise<Answer> {
  const { ctx, adapter } = attempt;
  const translation = adapter.embeddings!;
  const requests = splitRequest(ctx.request, translation.maxInputsPerCall);
  const later = requests.length > 1 ? new BatchCalls(attempt, requests.slice(1)) : undefined;
  let bytes: Buffer;
  let answers: TranslatedEmbeddings[];
  try {
    bytes = await readBytes(upstream.body);
    const first = translation.parseResponse(bytes.toString("utf8"), batchContext(ctx, requests[0]!));
    answers = later ? [first, ...(await later.answers)] : [first];
  } catch (error) {
    later?.abandon(error);
    throw error;
  } finally {
    later?.finish();
  }
  return answerFrom(answers, requests, attempt, bytes);
}

/** The answer from every batch's vectors; `firstBytes`: the first upstream answer as it came. */
async function answerFrom(
  answers: TranslatedEmbeddings[],
  requests: EmbeddingsRequest[],
  attempt: EmbeddingsAttempt,
  firstBytes: Buffer,
): Promise<Answer> {
  const { exchange, ctx, candidate } = attempt;
  const { outcome } = exchange;
  const encoding = requestedEncoding(ctx.request);
  const only = answers.length === 1 ? answers[0]! : undefined;
  if (only?.text !== undefined && encodingOfAnswer(only.text) === encoding) {
    const tokens = only.promptTokens;
    if (tokens !== undefined) {
      outcome.usage = embeddingsUsage(tokens);
      // `text` is these bytes decoded: relayed as they came, they need no encoding again.
      return jsonAnswer(firstBytes, only.text, candidate);
    }
  }

  const vectors = joinVectors(answers, requests);
  let promptTokens = totalPromptTokens(answers);
  if (promptTokens === undefined) {
    promptTokens = await countPromptTokens(ctx.request, ctx.upstreamModel);
    outcome.estimated = true;
  }
  outcome.usage = embeddingsUsage(promptTokens);
  const text = embeddingsAnswerText(vectors, encoding, ctx.upstreamModel, promptTokens);
  return jsonAnswer(text, text, candidate);
}

/** Every answer's vectors in input order; an answer with more or fewer vectors than its batch had inputs is a 502. */
function joinVectors(answers: TranslatedEmbeddings[], requests: EmbeddingsRequest[]): readonly EmbeddingVector[] {
  if (answers.length === 1) return checkedVectors(answers[0]!, requests[0]!);
  const vectors: EmbeddingVector[] = [];
  for (let i = 0; i < answers.length; i++) for (const vector of checkedVectors(answers[i]!, requests[i]!)) vectors.push(vector);
  return vectors;
}

function checkedVectors(answer: TranslatedEmbeddings, request: EmbeddingsRequest): readonly EmbeddingVector[] {
  const vectors = answer.vectors;
  const inputs = inputList(request.input).length;
  if (vectors.length !== inputs) throw malformedUpstream(`response (${vectors.length} embeddings for ${inputs} inputs)`);
  return vectors;
}

/** The prompt tokens of all batches; undefined unless every one reported its own. */
function totalPromptTokens(answers: TranslatedEmbeddings[]): number | undefined {
  let total = 0;
  for (const answer of answers) {
    const tokens = answer.promptTokens;
    if (tokens === undefined) return undefined;
    total += tokens;
  }
  return total;
}
