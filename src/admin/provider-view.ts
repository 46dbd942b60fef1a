import type { Timeouts } from "../config/schema.js";
import { isSecretHeader } from "../lib/secret-header.js";
import type { ProviderEntry } from "../live-config/compose.js";
import { maskSecret } from "./mask.js";

/** A provider as the admin API answers it (docs/admin-api.md): secrets masked, where it lives, whether it is on. */
export interface ProviderView {
  name: string;
  type: string;
  base_url: string | null;
  api_key: string | null;
  api_key_set: boolean;
  /** The environment variable the key comes from when that variable is unset. */
  api_key_env: string | null;
  headers: Record<string, string>;
  models: string[];
  options: unknown;
  timeouts: Timeouts | null;
  enabled: boolean;
  source: "config" | "store";
  created_at: string | null;
  updated_at: string | null;
  /** Why a stored provider is not served (its key cannot be decrypted, its mapping no longer validates); absent when it is. */
  error?: string;
}

export function providerView(entry: ProviderEntry): ProviderView {
  const { config, stored } = entry;
  const row = stored?.row;
  const apiKey = config?.api_key ?? stored?.secrets.api_key;
  const headers = config?.headers ?? { ...(row ? (JSON.parse(row.headers) as Record<string, string>) : {}), ...stored?.secrets.headers };
  const view: ProviderView = {
    name: entry.name,
    type: config?.type ?? row?.type ?? "",
    base_url: config?.base_url ?? row?.base_url ?? null,
    api_key: apiKey === undefined ? null : maskSecret(apiKey),
    api_key_set: apiKey !== undefined,
    api_key_env: config?.api_key_env ?? null,
    headers: maskedHeaders(headers),
    models: config?.models ?? (row?.models ? (JSON.parse(row.models) as string[]) : []),
    // What the user wrote for a stored provider (it round-trips through PUT); what the proxy read for a config one.
    options: row ? (row.options === null ? {} : JSON.parse(row.options)) : plainJson(config?.options),
    timeouts: config?.timeouts ?? null,
    enabled: entry.enabled,
    source: entry.source,
    created_at: row?.created_at ?? null,
    updated_at: row?.updated_at ?? null,
  };
  if (entry.problem) view.error = entry.problem;
  return view;
}

function maskedHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, isSecretHeader(name) ? maskSecret(value) : value]));
}

/** Validated options as JSON shows them (no undefined fields); {} for a type without options. */
function plainJson(value: unknown): unknown {
  return value === undefined ? {} : JSON.parse(JSON.stringify(value));
}
