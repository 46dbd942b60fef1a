import type { ChatCompletionContentPart, ChatCompletionMessageParam, ChatCompletionMessageToolCall } from "../../chat/types.js";
import { invalidRequest, type ProxyError } from "../../errors.js";
import type { ProviderConfig } from "../../providers/types.js";
import type { InputItem } from "../types.js";

type Part = { type: string; text?: string; refusal?: string; image_url?: string | null; detail?: string; file_id?: string | null };
type AssistantMessage = ChatCompletionMessageParam & { role: "assistant"; tool_calls?: ChatCompletionMessageToolCall[] };

/** Chat messages, and where each came from in the request (`instructions`, `input[2]`, `previous_response_id`). */
export interface ChatMessages {
  messages: ChatCompletionMessageParam[];
  params: string[];
}

/**
 * Responses input items → chat messages: `instructions` first as a system message, messages with
 * their text and image parts, `function_call`s as the tool calls of an assistant message (those
 * that follow one another, and the assistant text before them, form one message, as chat clients
 * send parallel calls), `function_call_output`s as tool messages. Reasoning items are left out:
 * chat has no way to send them back. An item or part chat cannot carry is a 400 naming it.
 * `params[i]` names item i in the request, for those errors.
 */
export function chatMessages(
  items: readonly InputItem[],
  instructions: string | null | undefined,
  provider: ProviderConfig,
  params: readonly string[],
): ChatMessages {
  const messages: ChatCompletionMessageParam[] = [];
  const origins: string[] = [];
  const push = (message: ChatCompletionMessageParam, origin: string) => {
    messages.push(message);
    origins.push(origin);
  };
  if (instructions) push({ role: "system", content: instructions }, "instructions");
  let openAssistant: AssistantMessage | undefined;
  items.forEach((item, index) => {
    const param = params[index]!;
    const record = item as unknown as Record<string, unknown>;
    const type = item.type ?? "message";
    if (type === "function_call") {
      const call: ChatCompletionMessageToolCall = {
        id: String(record.call_id),
        type: "function",
        function: { name: String(record.name), arguments: String(record.arguments) },
      };
      if (!openAssistant) {
        openAssistant = { role: "assistant", content: null, tool_calls: [] };
        push(openAssistant, param);
      }
      (openAssistant.tool_calls ??= []).push(call);
      return;
    }
    openAssistant = undefined;
    switch (type) {
      case "message": {
        const message = chatMessage(record, provider, param);
        push(message, param);
        if (message.role === "assistant") openAssistant = message as AssistantMessage;
        return;
      }
      case "function_call_output":
        push(
          { role: "tool", tool_call_id: String(record.call_id), content: outputText(record.output, provider, `${param}.output`) },
          param,
        );
        return;
      case "reasoning":
        return;
      default:
        throw cannotCarry(`Input items of type '${type}'`, provider, `${param}.type`);
    }
  });
  return { messages, params: origins };
}

function chatMessage(item: Record<string, unknown>, provider: ProviderConfig, param: string): ChatCompletionMessageParam {
  const role = item.role as "user" | "assistant" | "system" | "developer";
  const content = item.content as string | Part[];
  if (role === "assistant") {
    if (typeof content === "string") return { role, content };
    let text = "";
    let refusal = "";
    content.forEach((part, index) => {
      if (part.type === "output_text" || part.type === "input_text") text += part.text ?? "";
      else if (part.type === "refusal") refusal += part.refusal ?? "";
      else throw cannotCarry(`Assistant content of type '${part.type}'`, provider, `${param}.content[${index}].type`);
    });
    return refusal && !text ? { role, content: null, refusal } : { role, content: text };
  }
  if (typeof content === "string") return { role, content } as ChatCompletionMessageParam;
  const parts = content.map((part, index) => chatPart(part, provider, `${param}.content[${index}]`));
  if (role === "user") return { role, content: parts };
  // System and developer messages take text only.
  return { role, content: parts.map((part) => (part.type === "text" ? part.text : "")).join("") };
}

function chatPart(part: Part, provider: ProviderConfig, param: string): ChatCompletionContentPart {
  switch (part.type) {
    case "input_text":
    case "output_text":
      return { type: "text", text: part.text ?? "" };
    case "input_image": {
      if (typeof part.image_url !== "string" || part.image_url.length === 0) {
        throw cannotCarry("Images by 'file_id'", provider, `${param}.file_id`, "send the image as 'image_url' (a URL or a data URL)");
      }
      const detail = part.detail === "low" || part.detail === "high" || part.detail === "auto" ? part.detail : undefined;
      return { type: "image_url", image_url: detail ? { url: part.image_url, detail } : { url: part.image_url } };
    }
    case "input_file": {
      const file = part as Part & { file_data?: string; filename?: string };
      if (typeof file.file_data !== "string") throw cannotCarry("Files by 'file_id' or 'file_url'", provider, param, "send 'file_data'");
      return { type: "file", file: { file_data: file.file_data, ...(file.filename ? { filename: file.filename } : {}) } };
    }
    default:
      throw cannotCarry(`Content of type '${part.type}'`, provider, `${param}.type`);
  }
}

/** A tool result: its text (text parts joined); chat tool messages carry text only. */
function outputText(output: unknown, provider: ProviderConfig, param: string): string {
  if (typeof output === "string") return output;
  return (output as Part[])
    .map((part, index) => {
      if (part.type === "input_text" || part.type === "output_text") return part.text ?? "";
      throw cannotCarry(`Tool output of type '${part.type}'`, provider, `${param}[${index}].type`);
    })
    .join("");
}

/** A 400 for what the provider's chat translation has no way to carry. */
export function cannotCarry(what: string, provider: ProviderConfig, param: string, instead?: string): ProxyError {
  return invalidRequest(
    `${what} cannot be sent to provider '${provider.name}' (${provider.type}), which answers the Responses API through chat completions${instead ? `: ${instead}` : ""}.`,
    param,
    "unsupported_value",
  );
}
