import { parseProvider, type AdapterLookup, type Config } from "../config/schema.js";
import { invalidRequest } from "../errors.js";
import { isPlainObject } from "../lib/is-plain-object.js";
import { isSecretHeader } from "../lib/secret-header.js";
import { secretsContext, type DecodedProvider, type ProviderSecrets } from "../live-config/stored-state.js";
import type { ProviderFields } from "../state/providers.js";
import type { SecretBox } from "../state/secret-box.js";
import { maskSecret } from "./mask.js";
import { fieldError, onlyFields } from "./requests.js";

export const PROVIDER_FIELDS = ["name", "type", "base_url", "api_key", "headers", "models", "options", "timeouts", "enabled"] as const;

export interface ProviderBodyContext {
  /** The file's config: stored providers inherit its `upstream.timeouts`. */
  file: Config;
  adapterFor: AdapterLookup;
  box: SecretBox | undefined;
  /** The provider a PUT replaces: an omitted `api_key` (or a secret sent back masked, as GET shows it) keeps its value. */
  existing: DecodedProvider | undefined;
}

/**
 * A POST or PUT body → the row to store, validated by the validators config.yaml's providers go
 * through (a 400 names the field: `base_url`, `options.thinking_budgets.high`). Secrets (the key,
 * and headers whose name says they carry one) are sealed with `state.secret`; without one, a body
 * that carries a secret is refused rather than stored in clear.
 */
export function parseProviderBody(name: string, body: Record<string, unknown>, context: ProviderBodyContext): ProviderFields {
  onlyFields(body, PROVIDER_FIELDS);
  const { existing } = context;
  if (body.enabled !== undefined && typeof body.enabled !== "boolean")
    throw invalidRequest("'enabled' must be true or false.", "enabled", "invalid_value");
  const key = apiKeyOf(body.api_key, existing);
  const headers = headersOf(body.headers, existing);
  try {
    parseProvider(
      name,
      {
        type: body.type,
        base_url: body.base_url,
        api_key: key.value,
        headers,
        models: body.models,
        options: body.options,
        timeouts: body.timeouts,
      },
      "",
      context.file.upstream.timeouts,
      context.adapterFor,
    );
  } catch (error) {
    throw fieldError(error);
  }

  const clearHeaders: Record<string, string> = {};
  const secrets: ProviderSecrets = {};
  for (const [header, value] of Object.entries(headers ?? {})) {
    if (isSecretHeader(header)) (secrets.headers ??= {})[header] = value;
    else clearHeaders[header] = value;
  }
  if (key.value !== undefined && key.env === null) secrets.api_key = key.value;
  const enabled = (body.enabled as boolean | undefined) ?? (existing ? existing.row.enabled === 1 : true);
  return {
    type: body.type as string,
    base_url: typeof body.base_url === "string" ? body.base_url.replace(/\/+$/, "") : null,
    headers: JSON.stringify(clearHeaders),
    models: body.models === undefined || body.models === null ? null : JSON.stringify(body.models),
    options: body.options === undefined || body.options === null ? null : JSON.stringify(body.options),
    timeouts: body.timeouts === undefined || body.timeouts === null ? null : JSON.stringify(body.timeouts),
    enabled: enabled ? 1 : 0,
    secrets: seal(name, secrets, context.box),
    api_key_env: key.env,
  };
}

/** The key to store: given, kept (omitted, or sent back masked), or removed (null); `env` when it stays an environment variable's. */
function apiKeyOf(given: unknown, existing: DecodedProvider | undefined): { value: string | undefined; env: string | null } {
  const stored = existing?.secrets.api_key;
  const keep = { value: stored, env: stored === undefined ? (existing?.row.api_key_env ?? null) : null };
  if (given === undefined) return keep;
  if (given === null) return { value: undefined, env: null };
  if (typeof given !== "string" || given.trim() === "")
    throw invalidRequest("'api_key' must be a non-empty string, or null to remove the key.", "api_key", "invalid_value");
  if (stored !== undefined && given === maskSecret(stored)) return keep;
  return { value: given, env: null };
}

/** The headers as given, a secret one sent back masked keeping its stored value. */
function headersOf(given: unknown, existing: DecodedProvider | undefined): unknown {
  const storedSecrets = existing?.secrets.headers ?? {};
  if (!isPlainObject(given)) return given;
  return Object.fromEntries(
    Object.entries(given).map(([header, value]) => {
      const stored = storedSecrets[header];
      return [header, stored !== undefined && value === maskSecret(stored) ? stored : value];
    }),
  );
}

function seal(name: string, secrets: ProviderSecrets, box: SecretBox | undefined): string | null {
  if (secrets.api_key === undefined && secrets.headers === undefined) return null;
  if (!box) {
    const param = secrets.api_key === undefined ? `headers.${Object.keys(secrets.headers!)[0]}` : "api_key";
    throw invalidRequest(
      "This proxy cannot store provider keys: they are kept encrypted with state.secret, and none is set. Set state.secret (for example to the output of `openssl rand -base64 32`) and restart the proxy.",
      param,
      "state_secret_required",
    );
  }
  return box.seal(JSON.stringify(secrets), secretsContext(name));
}
