import { cachedSchemas } from "./openai-schema-source.js";
import { assertMatchesSchema } from "./openai-schema.js";

/**
 * Checks of the Responses API's shapes against OpenAI's spec: `Response`, each member of the
 * `ResponseStreamEvent` union (validated against the member its `type` names, so a failure says
 * what is wrong rather than listing fifty union members), `ResponseItemList`.
 *
 * `recorded: true` allows exactly the deviations live recordings show (test/fixtures/README.md):
 * `user: null`, `usage: null` before `response.completed`, `function_call_arguments.done` without
 * `name`, `input_tokens_details` without `cache_write_tokens`, and a failed response's
 * `error.code` outside the spec's enum (`insufficient_quota`). Our own answers get none of them.
 */
export interface ResponsesCheck {
  recorded?: boolean;
}

let eventSchemas: Map<string, string> | undefined;

/** `response.output_text.delta` → `ResponseTextDeltaEvent`, read from the union in the spec. */
function eventSchemaFor(type: string): string {
  if (!eventSchemas) {
    const schemas = cachedSchemas() as Record<string, any>;
    eventSchemas = new Map();
    for (const member of schemas.ResponseStreamEvent.anyOf as Array<{ $ref: string }>) {
      const name = member.$ref.replace("#/components/schemas/", "");
      for (const value of schemas[name]?.properties?.type?.enum ?? []) eventSchemas.set(value, name);
    }
  }
  const name = eventSchemas.get(type);
  if (!name) throw new Error(`not a ResponseStreamEvent type: ${type}`);
  return name;
}

export function expectResponse(value: unknown, check: ResponsesCheck = {}): void {
  assertMatchesSchema("Response", check.recorded ? withoutRecordedDeviations(value) : value);
}

export function expectResponseEvent(value: unknown, check: ResponsesCheck = {}): void {
  const event = (check.recorded ? withoutRecordedDeviations(value) : value) as { type?: unknown };
  if (typeof event?.type !== "string") throw new Error(`an event without a type: ${JSON.stringify(value).slice(0, 300)}`);
  assertMatchesSchema(eventSchemaFor(event.type), event);
}

export function expectInputItemList(value: unknown): void {
  assertMatchesSchema("ResponseItemList", value);
}

function withoutRecordedDeviations(value: unknown): unknown {
  const copy = structuredClone(value) as Record<string, any>;
  const response = copy.type === undefined ? copy : copy.response;
  if (response && typeof response === "object") {
    if (response.user === null) delete response.user;
    if (response.usage === null) delete response.usage;
    const details = response.usage?.input_tokens_details;
    if (details && details.cache_write_tokens === undefined) details.cache_write_tokens = 0;
    if (response.error?.code === "insufficient_quota") response.error.code = "rate_limit_exceeded";
  }
  if (copy.type === "response.function_call_arguments.done" && copy.name === undefined) copy.name = "(not recorded)";
  return copy;
}
