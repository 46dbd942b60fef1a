import type { ChatCompletionContentPart } from "../../chat/types.js";

type AnyContent = string | null | undefined | ReadonlyArray<ChatCompletionContentPart | { type: string; [key: string]: unknown }>;

/** A message's content as parts, whether it came as a string or an array. */
export function contentParts(content: AnyContent): Array<{ type: string; [key: string]: unknown }> {
  if (content === null || content === undefined) return [];
  if (typeof content === "string") return content.length > 0 ? [{ type: "text", text: content }] : [];
  return content as Array<{ type: string; [key: string]: unknown }>;
}

/** The text of a message's content (text parts joined), for places that only take text. */
export function contentText(content: AnyContent, separator = "\n"): string {
  if (typeof content === "string") return content;
  return contentParts(content)
    .flatMap((part) => (part.type === "text" && typeof part.text === "string" ? [part.text] : []))
    .join(separator);
}
