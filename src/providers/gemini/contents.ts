import type { ChatCompletionMessageParam } from "../../chat/types.js";
import { invalidRequest } from "../../errors.js";
import { readConversation, unsupportedPart, type AssistantTurn, type ToolTurn, type UserPart } from "../shared/conversation.js";
import { parseDataUrl } from "../shared/data-url.js";
import type { TranslationContext } from "../types.js";
import { thoughtSignatureOf } from "./tool-call-ids.js";
import type { Content, Part } from "./wire.js";

export interface GeminiConversation {
  systemInstruction: Content | undefined;
  contents: Content[];
}

/**
 * OpenAI messages → Gemini `systemInstruction` and `contents` (roles `user` and `model`).
 * Assistant tool calls become `functionCall` parts (with the thought signature their id
 * carries); tool results become `functionResponse` parts named after the call they answer.
 * Consecutive contents of one role merge, so parallel calls and their results stay together.
 * Images given by URL are fetched (Gemini takes bytes), all at once. `validatesSignatures`: the
 * model refuses a step whose calls carry no thought signature (Gemini 3).
 */
export async function toGeminiConversation(
  messages: readonly ChatCompletionMessageParam[],
  ctx: TranslationContext,
  validatesSignatures: boolean,
): Promise<GeminiConversation> {
  const system: Part[] = [];
  const contents: Content[] = [];
  const callNames = new Map<string, string>();
  // Started only once every message is known good, so no fetch outlives a refused request.
  const fetches: Array<() => Promise<void>> = [];
  const append = (role: "user" | "model", parts: Part[]) => {
    if (parts.length === 0) return;
    const last = contents.at(-1);
    if (last?.role === role) last.parts!.push(...parts);
    else contents.push({ role, parts });
  };

  for (const turn of readConversation(messages)) {
    switch (turn.role) {
      case "system":
        if (turn.text) system.push({ text: turn.text });
        break;
      case "user":
        append(
          "user",
          turn.parts.flatMap((part) => userPart(part, ctx, fetches)),
        );
        break;
      case "assistant":
        for (const call of turn.toolCalls) callNames.set(call.id, call.name);
        append("model", modelParts(turn, validatesSignatures));
        break;
      case "tool":
        append("user", [functionResponse(turn, callNames)]);
        break;
    }
  }
  await Promise.all(fetches.map((start) => start()));
  return { systemInstruction: system.length > 0 ? { parts: system } : undefined, contents };
}

function userPart(part: UserPart, ctx: TranslationContext, fetches: Array<() => Promise<void>>): Part[] {
  switch (part.type) {
    case "text":
      return part.text ? [{ text: part.text }] : [];
    case "image": {
      const inline = parseDataUrl(part.url);
      if (inline) return [{ inlineData: { mimeType: inline.mediaType, data: inline.base64 } }];
      if (!/^https?:\/\//i.test(part.url)) {
        throw invalidRequest(`Invalid '${part.param}': expected an http(s) URL or a base64 data URL.`, part.param, "invalid_image_url");
      }
      const fetched: Part = {};
      fetches.push(async () => {
        const image = await ctx.fetchImage(part.url, part.param);
        fetched.inlineData = { mimeType: image.mediaType, data: image.base64 };
      });
      return [fetched];
    }
    case "other":
      throw unsupportedPart(part, "Gemini");
  }
}

/**
 * Google's documented stand-in for a signature the proxy cannot know (the calls were made by
 * another model, or their ids were rewritten): Gemini 3 then skips its check instead of refusing.
 */
const UNKNOWN_SIGNATURE = "skip_thought_signature_validator";

function modelParts(turn: AssistantTurn, validatesSignatures: boolean): Part[] {
  const parts: Part[] = turn.text ? [{ text: turn.text }] : [];
  const calls: Part[] = turn.toolCalls.map((call) => {
    const part: Part = { functionCall: { name: call.name, args: call.arguments } };
    const signature = thoughtSignatureOf(call.id);
    if (signature) part.thoughtSignature = signature;
    return part;
  });
  // Gemini signs the first call of a step and checks that one.
  if (validatesSignatures && calls.length > 0 && calls.every((part) => !part.thoughtSignature))
    calls[0]!.thoughtSignature = UNKNOWN_SIGNATURE;
  parts.push(...calls);
  return parts;
}

/** Gemini wants the function's name and a JSON object; a result that is not one is wrapped. */
function functionResponse(turn: ToolTurn, callNames: Map<string, string>): Part {
  const name = callNames.get(turn.toolCallId);
  if (!name) {
    throw invalidRequest(
      `Invalid '${turn.param}.tool_call_id': '${turn.toolCallId}' answers no tool call of an earlier assistant message.`,
      `${turn.param}.tool_call_id`,
      "invalid_value",
    );
  }
  return { functionResponse: { name, response: resultObject(turn.text) } };
}

function resultObject(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === "object" && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    return { result: value };
  } catch {
    return { result: text };
  }
}
