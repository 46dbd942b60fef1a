import type { IncomingMessage, ServerResponse } from "node:http";
import { fromNodeHandler, type EventHandler } from "h3";
import type { AppContext } from "../app-context.js";
import { handleChatCompletion } from "../chat/handle-chat.js";

/**
 * The hot path works on Node's own request and response: the body is read with its size limit
 * as it arrives and streams are written event by event, with no Web-stream layer in between.
 */
export function chatCompletionsRoute(app: AppContext): EventHandler {
  // Served over HTTP/1.1 only, so the request is always an IncomingMessage.
  return fromNodeHandler((req, res) => handleChatCompletion(req as IncomingMessage, res as ServerResponse, app));
}
