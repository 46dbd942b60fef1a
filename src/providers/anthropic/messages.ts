import type { ChatCompletionMessageParam } from "../../chat/types.js";
import { invalidRequest } from "../../errors.js";
import { readConversation, unsupportedPart, type UserPart } from "../shared/conversation.js";
import { parseDataUrl } from "../shared/data-url.js";
import type { ContentBlockParam, ImageBlockParam, TextBlockParam, UserOrAssistantMessage } from "./wire.js";

const IMAGE_TYPES = ["image/jpeg", "image/png", "image/gif", "image/webp"] as const;
type ImageMediaType = (typeof IMAGE_TYPES)[number];

export interface AnthropicConversation {
  system: TextBlockParam[] | undefined;
  messages: UserOrAssistantMessage[];
}

/**
 * OpenAI messages → Anthropic's `system` and `messages`: system and developer messages join the
 * top-level system prompt; tool results become `tool_result` blocks of a user turn; consecutive
 * turns of one role merge, because Anthropic wants user and assistant to alternate. In a merged
 * user turn the tool results come first, which Anthropic also requires.
 */
export function toAnthropicConversation(messages: readonly ChatCompletionMessageParam[]): AnthropicConversation {
  const system: TextBlockParam[] = [];
  const turns: UserOrAssistantMessage[] = [];
  const append = (role: "user" | "assistant", blocks: ContentBlockParam[]) => {
    if (blocks.length === 0) return;
    const last = turns.at(-1);
    if (last?.role !== role) {
      turns.push({ role, content: blocks });
      return;
    }
    const content = last.content as ContentBlockParam[];
    if (blocks[0]!.type === "tool_result") content.splice(leadingToolResults(content), 0, ...blocks);
    else content.push(...blocks);
  };

  for (const turn of readConversation(messages)) {
    switch (turn.role) {
      case "system":
        if (turn.text) system.push({ type: "text", text: turn.text });
        break;
      case "user":
        append("user", turn.parts.flatMap(userBlock));
        break;
      case "assistant": {
        const blocks: ContentBlockParam[] = turn.text ? [{ type: "text", text: turn.text }] : [];
        for (const call of turn.toolCalls) blocks.push({ type: "tool_use", id: call.id, name: call.name, input: call.arguments });
        append("assistant", blocks);
        break;
      }
      case "tool":
        append("user", [{ type: "tool_result", tool_use_id: turn.toolCallId, content: turn.text }]);
        break;
    }
  }
  return { system: system.length > 0 ? system : undefined, messages: turns };
}

function leadingToolResults(blocks: readonly ContentBlockParam[]): number {
  const first = blocks.findIndex((block) => block.type !== "tool_result");
  return first < 0 ? blocks.length : first;
}

/** Anthropic refuses empty text blocks, so empty text parts are left out. */
function userBlock(part: UserPart): ContentBlockParam[] {
  switch (part.type) {
    case "text":
      return part.text ? [{ type: "text", text: part.text }] : [];
    case "image":
      return [imageBlock(part.url, part.param)];
    case "other":
      throw unsupportedPart(part, "Anthropic");
  }
}

/** Data URLs travel as base64 with their media type; http(s) URLs are fetched by Anthropic itself. */
function imageBlock(url: string, param: string): ImageBlockParam {
  const inline = parseDataUrl(url);
  if (inline) {
    if (!isImageMediaType(inline.mediaType)) {
      throw invalidRequest(
        `Invalid '${param}': Anthropic accepts ${IMAGE_TYPES.join(", ")} images, not ${inline.mediaType}.`,
        param,
        "invalid_image_format",
      );
    }
    return { type: "image", source: { type: "base64", media_type: inline.mediaType, data: inline.base64 } };
  }
  if (/^https?:\/\//i.test(url)) return { type: "image", source: { type: "url", url } };
  throw invalidRequest(`Invalid '${param}': expected an http(s) URL or a base64 data URL.`, param, "invalid_image_url");
}

function isImageMediaType(type: string): type is ImageMediaType {
  return (IMAGE_TYPES as readonly string[]).includes(type);
}
