import { cachedSchemas } from "./openai-schema-source.js";

/** Extract OpenAI's schemas once before the workers start, so each worker only reads JSON. */
export default function setup(): void {
  cachedSchemas();
}
