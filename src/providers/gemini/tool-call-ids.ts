import { newToolCallId } from "../shared/ids.js";

/**
 * Gemini's function calls carry no id but may carry a `thoughtSignature`, which Gemini 3 wants
 * back on the same call in the next turn or it refuses the request. OpenAI clients echo the
 * tool-call id faithfully, so the signature rides inside it: `call_<24 base62>_<signature>`,
 * the signature base64url-encoded so the id stays within the `[A-Za-z0-9_-]` alphabet every
 * provider (Anthropic included) accepts.
 */
const SIGNED_ID = /^(call_[0-9A-Za-z]{24})_([A-Za-z0-9_-]+)$/;

const BASE64 = /^[A-Za-z0-9+/]+=*$/;

export function toolCallId(thoughtSignature: string | undefined): string {
  const id = newToolCallId();
  if (!thoughtSignature || !BASE64.test(thoughtSignature)) return id;
  return `${id}_${thoughtSignature.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`;
}

/** The signature a tool-call id of ours carries, as Gemini sent it; undefined for any other id. */
export function thoughtSignatureOf(id: string): string | undefined {
  const encoded = SIGNED_ID.exec(id)?.[2];
  if (!encoded) return undefined;
  const base64 = encoded.replace(/-/g, "+").replace(/_/g, "/");
  return base64 + "=".repeat((4 - (base64.length % 4)) % 4);
}
