/**
 * OpenAI's Responses API wire types, imported from the SDK users point at us (type-only: no SDK
 * code runs in the proxy).
 */
import type { ResponseCreateParamsBase } from "openai/resources/responses/responses";

export type {
  Response,
  ResponseFunctionToolCall,
  ResponseOutputItem,
  ResponseOutputMessage,
  ResponseReasoningItem,
  ResponseUsage,
} from "openai/resources/responses/responses";

/**
 * A `POST /v1/responses` body as received: OpenAI's parameters plus any field we do not know yet,
 * which upstreams that speak the API natively receive untouched.
 */
export type ResponsesRequest = ResponseCreateParamsBase & { model: string; [extra: string]: unknown };

/**
 * One item as the proxy handles it: any member of OpenAI's input (or output) item unions, read
 * only for its `type` and `id` (validation checked the fields each use relies on).
 */
export interface InputItem {
  type?: string | null;
  id?: string | null;
  [field: string]: unknown;
}
