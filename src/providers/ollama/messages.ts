import type { ChatCompletionMessageParam } from "../../chat/types.js";
import { invalidRequest } from "../../errors.js";
import { parseDataUrl } from "../shared/data-url.js";
import { contentPartsAt, functionCalls, imageUrlOf, textOf, textOnlyContent, unsupportedPart } from "../shared/request-parts.js";
import { parseToolArguments } from "../shared/tool-arguments.js";
import type { TranslationContext } from "../types.js";
import type { OllamaMessage } from "./wire.js";

const PROVIDER = "Ollama";

type FetchImage = TranslationContext["fetchImage"];

/** An image of a user message: inline base64 already, or an http(s) URL still to fetch. */
type ImageSource = { base64: string } | { url: string; param: string };

/**
 * OpenAI messages → Ollama's: content is one string, images travel beside it as base64 (from
 * data URLs, or fetched when given by http(s) URL), tool-call arguments become objects, and a
 * tool result names its tool as Ollama expects. Every message is checked before any image is
 * fetched; then a request's fetches all run at once.
 */
export async function ollamaMessages(messages: ChatCompletionMessageParam[], fetchImage: FetchImage): Promise<OllamaMessage[]> {
  const toolNames = new Map<string, string>();
  const withImages: Array<[OllamaMessage, ImageSource[]]> = [];
  const out = messages.map((message, index): OllamaMessage => {
    const param = `messages[${index}]`;
    switch (message.role) {
      case "system":
      case "developer":
        return { role: "system", content: textOnlyContent(message.content, param, PROVIDER) };
      case "user": {
        const { text, images } = userContent(message.content, param);
        const user: OllamaMessage = { role: "user", content: text };
        if (images.length > 0) withImages.push([user, images]);
        return user;
      }
      case "assistant": {
        const assistant: OllamaMessage = { role: "assistant", content: textOnlyContent(message.content, param, PROVIDER) };
        const reasoning = (message as { reasoning_content?: unknown }).reasoning_content;
        if (typeof reasoning === "string" && reasoning) assistant.thinking = reasoning;
        const calls = functionCalls(message.tool_calls, `${param}.tool_calls`);
        if (calls.length > 0) {
          assistant.tool_calls = calls.map((call, position) => {
            toolNames.set(call.id, call.name);
            const args = parseToolArguments(call.arguments, `${param}.tool_calls[${position}].function.arguments`);
            return { id: call.id, function: { name: call.name, arguments: args } };
          });
        }
        return assistant;
      }
      case "tool": {
        const tool: OllamaMessage = { role: "tool", content: textOnlyContent(message.content, param, PROVIDER) };
        const id = message.tool_call_id;
        if (typeof id === "string") {
          tool.tool_call_id = id;
          const name = toolNames.get(id);
          if (name) tool.tool_name = name;
        }
        return tool;
      }
      default:
        throw invalidRequest(
          `Invalid value for '${param}.role': '${message.role}' messages are not supported by ${PROVIDER}; use tool messages.`,
          `${param}.role`,
          "invalid_value",
        );
    }
  });
  await Promise.all(
    withImages.map(async ([message, sources]) => {
      message.images = await Promise.all(sources.map((source) => ("base64" in source ? source.base64 : fetched(source, fetchImage))));
    }),
  );
  return out;
}

async function fetched(source: { url: string; param: string }, fetchImage: FetchImage): Promise<string> {
  return (await fetchImage(source.url, source.param)).base64;
}

function userContent(content: unknown, param: string): { text: string; images: ImageSource[] } {
  if (typeof content === "string") return { text: content, images: [] };
  const texts: string[] = [];
  const images: ImageSource[] = [];
  for (const [part, at] of contentPartsAt(content, param)) {
    if (part.type === "text") texts.push(textOf(part, at));
    else if (part.type === "image_url") images.push(imageSource(imageUrlOf(part, at), `${at}.image_url.url`));
    else throw unsupportedPart(part, at, PROVIDER);
  }
  return { text: texts.join("\n"), images };
}

function imageSource(url: string, param: string): ImageSource {
  const inline = parseDataUrl(url);
  if (inline) return { base64: inline.base64 };
  if (/^https?:\/\//i.test(url)) return { url, param };
  throw invalidRequest(`Invalid '${param}': expected an http(s) URL or a base64 data URL.`, param, "invalid_image_url");
}
