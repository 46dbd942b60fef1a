import { defineHandler, getRouterParam, type EventHandler } from "h3";
import type { AppContext } from "../app-context.js";
import { ProxyError } from "../errors.js";
import type { Principal } from "../access/principal.js";
import type { ModelEntry } from "../models/catalog.js";

/** The models the asking key may use: the same ids it may send back. */
async function modelsFor(app: AppContext, principal: Principal | undefined): Promise<ModelEntry[]> {
  const models = await app.models.list();
  return principal ? models.filter((model) => principal.mayUse(model.id)) : models;
}

export function listModelsRoute(app: AppContext): EventHandler {
  return defineHandler(async (event) => ({ object: "list", data: await modelsFor(app, event.context.principal) }));
}

/** `GET /v1/models/{model}`, where the id may itself contain slashes (`openai/gpt-4o`). */
export function retrieveModelRoute(app: AppContext): EventHandler {
  return defineHandler(async (event) => {
    const id = decodeURIComponent(getRouterParam(event, "model") ?? "");
    const model = (await modelsFor(app, event.context.principal)).find((entry) => entry.id === id);
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
