import { parseProvider, type AdapterLookup, type Config, type ProviderConfig } from "../config/schema.js";
import { ConfigError, joinPath } from "../config/validate.js";
import type { DecodedProvider, StoredState } from "./stored-state.js";

/** One provider as the admin API shows it: where it lives, whether it is on, and what requests would use. */
export interface ProviderEntry {
  readonly name: string;
  /** `config`: config.yaml (toggled only); `store`: made through the admin API. */
  readonly source: "config" | "store";
  readonly enabled: boolean;
  /** As requests use it; built for disabled providers too (they can be tested). Undefined when it cannot be built (see problem). */
  readonly config: ProviderConfig | undefined;
  /** The stored row, for `source: store`. */
  readonly stored: DecodedProvider | undefined;
  /** Why it cannot serve: its key cannot be opened, or its stored mapping no longer validates. */
  readonly problem: string | undefined;
}

/** The running config and what it was built from. */
export interface ComposedConfig {
  /** config.yaml as loaded. */
  readonly file: Config;
  readonly stored: StoredState;
  /** The file's config with the stored providers added and the disabled ones (and the routes to them) left out. */
  readonly config: Config;
  /** Every provider by name: config.yaml's in file order, then the stored ones by name. */
  readonly providers: ReadonlyMap<string, ProviderEntry>;
  /** Stored providers that cannot serve, and why, for the log. */
  readonly problems: readonly string[];
}

/**
 * The effective config = the file's config + the stored providers + the overrides, each stored
 * provider validated by the validators config.yaml's go through. Stored providers see the file's
 * `upstream.timeouts`, so a file reload reaches them too. A stored provider whose name the file
 * has taken since is shadowed by it; one that does not validate is left out; neither stops the rest.
 */
export function composeConfig(file: Config, stored: StoredState, adapterFor: AdapterLookup, env: NodeJS.ProcessEnv): ComposedConfig {
  const entries = new Map<string, ProviderEntry>();
  const problems: string[] = [];
  for (const provider of Object.values(file.providers)) {
    const enabled = stored.overrides.get(provider.name) ?? true;
    entries.set(provider.name, { name: provider.name, source: "config", enabled, config: provider, stored: undefined, problem: undefined });
  }
  for (const decoded of stored.providers) {
    const { name } = decoded.row;
    if (entries.has(name)) {
      problems.push(`stored provider '${name}' is shadowed by the provider of that name in the config file`);
      continue;
    }
    const entry = storedEntry(decoded, file, adapterFor, env);
    if (entry.problem) problems.push(`stored provider '${name}' is not served: ${entry.problem}`);
    entries.set(name, entry);
  }

  const providers: Record<string, ProviderConfig> = {};
  for (const entry of entries.values()) if (entry.enabled && entry.config && !entry.problem) providers[entry.name] = entry.config;
  const routes = file.routes.filter((route) => Object.hasOwn(providers, route.provider));
  return { file, stored, config: { ...file, providers, routes }, providers: entries, problems };
}

function storedEntry(decoded: DecodedProvider, file: Config, adapterFor: AdapterLookup, env: NodeJS.ProcessEnv): ProviderEntry {
  const { row, secrets } = decoded;
  const base = { name: row.name, source: "store" as const, enabled: row.enabled === 1, stored: decoded };
  const envKey = row.api_key_env === null ? undefined : env[row.api_key_env];
  const apiKey = secrets.api_key ?? envKey;
  const missingVar = apiKey === undefined && row.api_key_env !== null ? row.api_key_env : undefined;
  const tree = {
    type: row.type,
    base_url: row.base_url ?? undefined,
    api_key: apiKey,
    headers: { ...(JSON.parse(row.headers) as Record<string, string>), ...secrets.headers },
    models: parseJson(row.models),
    options: parseJson(row.options),
    timeouts: parseJson(row.timeouts),
  };
  try {
    const config = parseProvider(row.name, tree, joinPath("providers", row.name), file.upstream.timeouts, adapterFor, missingVar);
    return { ...base, config, problem: decoded.problem };
  } catch (error) {
    const reason = error instanceof ConfigError ? error.message : (error as Error).message;
    return { ...base, config: undefined, problem: `it no longer validates: ${reason}` };
  }
}

function parseJson(text: string | null): unknown {
  return text === null ? undefined : JSON.parse(text);
}
