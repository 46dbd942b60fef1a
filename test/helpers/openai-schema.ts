import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import type { ChatCompletionChunk } from "openai/resources/chat/completions";
import type { CompletionUsage } from "openai/resources/completions";
import { cachedSchemas, type ROOT_SCHEMAS } from "./openai-schema-source.js";

type SchemaName = (typeof ROOT_SCHEMAS)[number];

const SPEC_ID = "https://llm-proxy.test/openai-openapi.json";
let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

/** A validator for any schema of the spec's components that ROOT_SCHEMAS brings in. */
function validatorFor(name: string): ValidateFunction {
  let validate = compiled.get(name);
  if (validate) return validate;
  if (!ajv) {
    // strict: false tolerates the spec's vendor keywords (x-oaiMeta, discriminator, …);
    // formats such as `unixtime` are OpenAI's own and are not checked.
    ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema({ $id: SPEC_ID, components: { schemas: cachedSchemas() } });
  }
  validate = ajv.getSchema(`${SPEC_ID}#/components/schemas/${name}`);
  if (!validate) throw new Error(`schema ${name} not found`);
  compiled.set(name, validate);
  return validate;
}

/** Throws, with ajv's explanation, unless `value` satisfies OpenAI's schema `name`. */
export function assertMatchesSchema(name: SchemaName | (string & {}), value: unknown): void {
  const validate = validatorFor(name);
  if (!validate(value)) {
    const details = JSON.stringify(validate.errors?.slice(0, 5), null, 2);
    throw new Error(`not a valid ${name}: ${details}\nvalue: ${JSON.stringify(value).slice(0, 2000)}`);
  }
}

export const expectCompletion = (value: unknown) => assertMatchesSchema("CreateChatCompletionResponse", value);
export const expectChunk = (value: unknown) => assertMatchesSchema("CreateChatCompletionStreamResponse", value);
export const expectError = (value: unknown) => assertMatchesSchema("ErrorResponse", value);
export const expectModelList = (value: unknown) => assertMatchesSchema("ListModelsResponse", value);

/**
 * An embeddings answer against OpenAI's `CreateEmbeddingResponse`. The spec types every vector as
 * an array of floats, but a `base64` answer carries strings (test/fixtures/README.md): those are
 * checked to be whole little-endian float32s and validated as the floats the SDKs decode them to.
 */
export function expectEmbeddings(value: unknown): void {
  const answer = structuredClone(value) as { data?: Array<{ embedding?: unknown }> };
  for (const item of Array.isArray(answer?.data) ? answer.data : []) {
    if (typeof item?.embedding !== "string") continue;
    const bytes = Buffer.from(item.embedding, "base64");
    if (bytes.length % 4 !== 0 || bytes.toString("base64") !== item.embedding)
      throw new Error(`not base64 float32: ${item.embedding.slice(0, 80)}`);
    item.embedding = Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(i * 4));
  }
  assertMatchesSchema("CreateEmbeddingResponse", answer);
}

/** What an `openai` SDK stream delivered, every chunk checked against OpenAI's schema on the way. */
export async function readSdkStream(
  stream: AsyncIterable<ChatCompletionChunk>,
): Promise<{ chunks: ChatCompletionChunk[]; text: string; usage: CompletionUsage | undefined }> {
  const chunks: ChatCompletionChunk[] = [];
  let text = "";
  let usage: CompletionUsage | undefined;
  for await (const chunk of stream) {
    expectChunk(chunk);
    chunks.push(chunk);
    text += chunk.choices[0]?.delta.content ?? "";
    if (chunk.usage) usage = chunk.usage;
  }
  return { chunks, text, usage };
}
