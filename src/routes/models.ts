import { defineHandler, getRouterParam, type EventHandler } from "h3";
import type { AppContext } from "../app-context.js";
import { ProxyError } from "../errors.js";

export function listModelsRoute(app: AppContext): EventHandler {
  return defineHandler(async () => ({ object: "list", data: await app.models.list() }));
}

/** `GET /v1/models/{model}`, where the id may itself contain slashes (`openai/gpt-4o`). */
export function retrieveModelRoute(app: AppContext): EventHandler {
  return defineHandler(async (event) => {
    const id = decodeURIComponent(getRouterParam(event, "model") ?? "");
    const model = (await app.models.list()).find((entry) => entry.id === id);
    if (!model) {
      throw new ProxyError(404, `The model '${id}' does not exist`, {
        type: "invalid_request_error",
        param: "model",
        code: "model_not_found",
      });
    }
    return model;
  });
}
