import { defineHandler, type H3 } from "h3";
import type { AppContext } from "../../app-context.js";
import { PROVIDER_NAME } from "../../config/schema.js";
import { invalidRequest } from "../../errors.js";
import type { ProviderEntry } from "../../live-config/compose.js";
import type { LiveConfig } from "../../live-config/live-config.js";
import { decodeProvider } from "../../live-config/stored-state.js";
import { DuplicateProvider, StoredProviders } from "../../state/providers.js";
import { audit } from "../audit.js";
import { defaultTestModel, testConnection } from "../connection-test.js";
import { defaultProviderFields, defaultProviders } from "../default-providers.js";
import { parseProviderBody } from "../provider-body.js";
import { providerView } from "../provider-view.js";
import { conflict, noStateStore, notFound, onlyFields, pathParam, readJsonObject } from "../requests.js";

/** A path of its own under /admin/providers/, so no provider may take it as a name. */
const INITIALIZE = "initialize-defaults";

/** `/admin/providers…`: config.yaml's providers (toggled only) and those made here, kept in the state store. */
export function useProviderRoutes(server: H3, app: AppContext): void {
  server.get(
    "/admin/providers",
    defineHandler(() => ({ object: "list", data: [...app.composed.providers.values()].map(providerView) })),
  );

  server.get(
    "/admin/providers/:name",
    defineHandler((event) => providerView(entryOf(app, pathParam(event, "name")))),
  );

  server.post(
    "/admin/providers",
    defineHandler(async (event) => {
      const body = await readJsonObject(event);
      const name = newProviderName(app, body.name);
      const { repository, live } = writable(app);
      const fields = parseProviderBody(name, body, {
        file: app.composed.file,
        adapterFor: app.adapterFor,
        box: app.secrets,
        existing: undefined,
      });
      try {
        await repository.insert(name, fields);
      } catch (error) {
        if (error instanceof DuplicateProvider) throw conflict(`A provider named '${name}' exists.`, "name");
        throw error;
      }
      await live.changed("providers");
      audit(app.logger, event, "provider.create", name, Object.keys(body));
      event.res.status = 201;
      return providerView(entryOf(app, name));
    }),
  );

  server.put(
    "/admin/providers/:name",
    defineHandler(async (event) => {
      const name = pathParam(event, "name");
      const body = await readJsonObject(event);
      if (body.name !== undefined && body.name !== name)
        throw invalidRequest(`'name' must be the provider's own ('${name}'): a provider cannot be renamed.`, "name", "invalid_value");
      refuseConfigProvider(app, name, "replaced");
      const { repository, live } = writable(app, name);
      const row = await repository.get(name);
      if (!row) throw unknownProvider(name);
      const { name: _name, ...fields } = body;
      const existing = decodeProvider(row, app.secrets);
      const replacement = parseProviderBody(name, fields, {
        file: app.composed.file,
        adapterFor: app.adapterFor,
        box: app.secrets,
        existing,
      });
      if (!(await repository.replace(name, replacement))) throw unknownProvider(name);
      await live.changed("providers");
      audit(app.logger, event, "provider.replace", name, Object.keys(fields));
      return providerView(entryOf(app, name));
    }),
  );

  server.delete(
    "/admin/providers/:name",
    defineHandler(async (event) => {
      const name = pathParam(event, "name");
      refuseConfigProvider(app, name, "deleted");
      const { repository, live } = writable(app, name);
      if (!(await repository.delete(name))) throw unknownProvider(name);
      await live.changed("providers");
      audit(app.logger, event, "provider.delete", name);
      return { name, deleted: true };
    }),
  );

  server.patch(
    "/admin/providers/:name/toggle",
    defineHandler(async (event) => {
      const name = pathParam(event, "name");
      const body = await readJsonObject(event);
      onlyFields(body, ["enabled"]);
      if (body.enabled !== undefined && typeof body.enabled !== "boolean")
        throw invalidRequest("'enabled' must be true or false (or absent, to flip it).", "enabled", "invalid_value");
      const { repository, live } = writable(app, name);
      const enabled = await toggle(repository, app, name, body.enabled as boolean | undefined);
      await live.changed("providers");
      audit(app.logger, event, enabled ? "provider.enable" : "provider.disable", name);
      return { enabled };
    }),
  );

  server.post(
    "/admin/providers/:name/test",
    defineHandler(async (event) => {
      const entry = entryOf(app, pathParam(event, "name"));
      const body = await readJsonObject(event);
      onlyFields(body, ["model"]);
      if (body.model !== undefined && (typeof body.model !== "string" || body.model === ""))
        throw invalidRequest("'model' must be a model name.", "model", "invalid_value");
      if (!entry.config) throw conflict(`Provider '${entry.name}' cannot be tested: ${entry.problem}.`);
      const model = (body.model as string | undefined) ?? (await defaultTestModel(app, entry.config));
      if (entry.problem)
        return { ok: false, latency_ms: 0, model, error: { status: 401, message: `Provider '${entry.name}': ${entry.problem}.` } };
      return testConnection(app, entry.config, model);
    }),
  );

  server.post(
    `/admin/providers/${INITIALIZE}`,
    defineHandler(async (event) => {
      const { repository, live } = writable(app);
      const created: string[] = [];
      if ((await repository.count()) === 0) {
        for (const provider of defaultProviders(process.env)) {
          if (Object.hasOwn(app.composed.file.providers, provider.name)) continue;
          try {
            await repository.insert(provider.name, defaultProviderFields(provider));
            created.push(provider.name);
          } catch (error) {
            if (!(error instanceof DuplicateProvider)) throw error;
          }
        }
      }
      if (created.length > 0) {
        await live.changed("providers");
        audit(app.logger, event, "provider.initialize_defaults", created.join(","));
        event.res.status = 201;
      }
      return { created };
    }),
  );
}

function entryOf(app: AppContext, name: string): ProviderEntry {
  const entry = app.composed.providers.get(name);
  if (!entry) throw unknownProvider(name);
  return entry;
}

function newProviderName(app: AppContext, name: unknown): string {
  if (typeof name !== "string" || !PROVIDER_NAME.test(name))
    throw invalidRequest("'name' must be letters, digits and _ . - (it is also the 'name/model' prefix).", "name", "invalid_value");
  if (name === INITIALIZE)
    throw invalidRequest(`'${INITIALIZE}' is a path of the admin API, not a provider name.`, "name", "invalid_value");
  if (Object.hasOwn(app.composed.file.providers, name))
    throw conflict(`A provider named '${name}' exists: it lives in the config file.`, "name");
  return name;
}

function refuseConfigProvider(app: AppContext, name: string, verb: string): void {
  if (Object.hasOwn(app.composed.file.providers, name))
    throw conflict(`Provider '${name}' lives in the config file, so it cannot be ${verb} here: edit the file (it can be toggled).`);
}

/** Sets (or flips) whether a provider is on: an override for config.yaml's, the row's own flag for a stored one. */
async function toggle(repository: StoredProviders, app: AppContext, name: string, wanted: boolean | undefined): Promise<boolean> {
  if (Object.hasOwn(app.composed.file.providers, name)) {
    const override = (await repository.overrides()).find((row) => row.name === name);
    const enabled = wanted ?? !(override ? override.enabled === 1 : true);
    await repository.setOverride(name, enabled);
    return enabled;
  }
  const row = await repository.get(name);
  if (!row) throw unknownProvider(name);
  const enabled = wanted ?? row.enabled !== 1;
  if (!(await repository.setEnabled(name, enabled))) throw unknownProvider(name);
  return enabled;
}

/** The store to write to; without one, a name the config file does not have is simply unknown. */
function writable(app: AppContext, name?: string): { repository: StoredProviders; live: LiveConfig } {
  const { state, live } = app;
  if (!state || !live)
    throw name === undefined || Object.hasOwn(app.composed.file.providers, name) ? noStateStore() : unknownProvider(name);
  return { repository: new StoredProviders(state.db), live };
}

function unknownProvider(name: string) {
  return notFound(`No provider named '${name}'.`, "name");
}
