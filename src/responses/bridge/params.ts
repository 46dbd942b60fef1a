import { ProxyError } from "../../errors.js";

/** Chat request fields → the Responses fields they were made from. */
const FIELDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^response_format\.json_schema(?=\.|$)/, "text.format"],
  [/^response_format(?=\.|$)/, "text.format"],
  [/^max_(completion_)?tokens(?=\.|$)/, "max_output_tokens"],
  [/^reasoning_effort(?=\.|$)/, "reasoning.effort"],
  [/^tools\[(\d+)\]\.function(?=\.|$)/, "tools[$1]"],
];

/** A field path quoted in an error message: `'response_format'`, `'messages[2].content[0]'`. */
const QUOTED_FIELD = /'([a-z_]+(?:\[\d+\]|\.[a-z_]+)*)'/g;

/**
 * A 400 the chat translation (or the chat model policy) gave the bridged request names the chat
 * field it met (`response_format.type`, `messages[2].content[0]`); the client sent a Responses
 * request, so the error names the field the client wrote (`text.format.type`,
 * `input[1].content[0]`). `messageParams[i]` is where chat message i came from.
 */
export function inResponsesTerms(error: unknown, messageParams: readonly string[]): unknown {
  if (!(error instanceof ProxyError) || !error.param) return error;
  const param = responsesParam(error.param, messageParams);
  if (param === error.param) return error;
  const message = error.message.replace(QUOTED_FIELD, (_quoted, field: string) => `'${responsesParam(field, messageParams)}'`);
  return new ProxyError(error.status, message, {
    type: error.type,
    param,
    code: error.code,
    headers: error.headers,
    recovery: error.recovery,
  });
}

function responsesParam(param: string, messageParams: readonly string[]): string {
  const message = /^messages\[(\d+)\](.*)$/.exec(param);
  if (message) {
    const origin = messageParams[Number(message[1])];
    if (!origin) return param;
    // Content parts keep their places; a merged message's tool calls are named by the message.
    return /^\.content\[\d+\]/.test(message[2]!) && origin.startsWith("input[") ? origin + message[2] : origin;
  }
  for (const [pattern, replacement] of FIELDS) if (pattern.test(param)) return param.replace(pattern, replacement);
  return param;
}
