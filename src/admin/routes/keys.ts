import { defineHandler, getQuery, type H3 } from "h3";
import { MASTER_NAME } from "../../access/principal.js";
import type { AppContext } from "../../app-context.js";
import type { LiveConfig } from "../../live-config/live-config.js";
import { DuplicateKeyName, VirtualKeys } from "../../state/virtual-keys.js";
import { audit } from "../audit.js";
import { parseKeyBody } from "../key-body.js";
import { keyView } from "../key-view.js";
import { conflict, noStateStore, notFound, pathParam, readJsonObject } from "../requests.js";

/**
 * `/admin/keys…`: the virtual keys of the state store (issue 10's, which `llm-proxy keys` manages
 * too). A change is in force on this replica before the answer, and announced to the others.
 */
export function useKeyRoutes(server: H3, app: AppContext): void {
  server.get(
    "/admin/keys",
    defineHandler(async (event) => {
      const { keys } = writable(app);
      const includeRevoked = getQuery(event).include_revoked === "true";
      return { object: "list", data: (await keys.list({ includeRevoked })).map((key) => keyView(key, app.access)) };
    }),
  );

  server.get(
    "/admin/keys/:id",
    defineHandler(async (event) => keyView(await existing(writable(app).keys, pathParam(event, "id")), app.access)),
  );

  server.post(
    "/admin/keys",
    defineHandler(async (event) => {
      const { keys, live } = writable(app);
      const body = await readJsonObject(event);
      const { name, rules } = parseKeyBody(body);
      refuseConfiguredName(app, name);
      const created = await nameTaken(keys.create(name, rules), name);
      await live.changed("keys");
      audit(app.logger, event, "key.create", created.key.id, Object.keys(body));
      event.res.status = 201;
      return { ...keyView(created.key, app.access), key: created.secret };
    }),
  );

  server.patch(
    "/admin/keys/:id",
    defineHandler(async (event) => {
      const { keys, live } = writable(app);
      const id = pathParam(event, "id");
      const current = await existing(keys, id);
      if (current.revokedAt) throw conflict(`Key '${id}' is revoked; it cannot be changed.`);
      const body = await readJsonObject(event);
      const { name, rules } = parseKeyBody(body, current);
      if (name !== current.name) refuseConfiguredName(app, name);
      const updated = await nameTaken(keys.update(id, name, rules), name);
      if (!updated) throw conflict(`Key '${id}' is revoked; it cannot be changed.`);
      await live.changed("keys");
      audit(app.logger, event, "key.update", id, Object.keys(body));
      return keyView(updated, app.access);
    }),
  );

  server.delete(
    "/admin/keys/:id",
    defineHandler(async (event) => {
      const { keys, live } = writable(app);
      const id = pathParam(event, "id");
      const current = await existing(keys, id);
      if (current.revokedAt || !(await keys.revokeById(id))) throw conflict(`Key '${id}' is revoked already.`);
      await live.changed("keys");
      audit(app.logger, event, "key.revoke", id);
      return { id, deleted: true };
    }),
  );
}

/** A write of the key store, its refusal of a taken name as the 409. */
function nameTaken<T>(write: Promise<T>, name: string): Promise<T> {
  return write.catch((error: unknown) => {
    throw error instanceof DuplicateKeyName ? conflict(`A live key named '${name}' exists.`, "name") : error;
  });
}

async function existing(keys: VirtualKeys, id: string) {
  const key = await keys.get(id);
  if (!key) throw notFound(`No key with id '${id}'.`, "id");
  return key;
}

/** A virtual key named like one of the config's would share its metric label and its place in the usage report. */
function refuseConfiguredName(app: AppContext, name: string): void {
  const configured = app.snapshot.config.auth?.keys.some((entry) => entry.name === name) || name === MASTER_NAME;
  if (configured) throw conflict(`The config file has a key named '${name}'.`, "name");
}

function writable(app: AppContext): { keys: VirtualKeys; live: LiveConfig } {
  const { state, live } = app;
  if (!state || !live) throw noStateStore();
  return { keys: new VirtualKeys(state.db), live };
}
