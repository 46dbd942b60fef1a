import type { Provider, ProviderInput, ProviderType, Timeouts } from "../../api/types.js";

/** The provider form as text, as the person typed it, and its translation to and from the admin API's body. */
export interface ProviderFormValues {
  name: string;
  type: ProviderType;
  base_url: string;
  api_key: string;
  /** Editing: send `"api_key": null`, removing the stored key. */
  remove_api_key: boolean;
  /** One per line (commas work too). */
  models: string;
  /** `Name: value`, one per line. */
  headers: string;
  /** A JSON object. */
  options: string;
  connect_ms: string;
  first_byte_ms: string;
  idle_ms: string;
  enabled: boolean;
}

/** The fields the form has; an API error whose `param` starts with one of them is shown beside it. */
export type ProviderField = Exclude<keyof ProviderFormValues, "remove_api_key">;

const TIMEOUT_FIELDS = ["connect_ms", "first_byte_ms", "idle_ms"] as const satisfies readonly (keyof Timeouts & ProviderField)[];

export type FieldErrors = Partial<Record<ProviderField, string>>;

export function emptyProviderForm(): ProviderFormValues {
  return {
    name: "",
    type: "openai",
    base_url: "",
    api_key: "",
    remove_api_key: false,
    models: "",
    headers: "",
    options: "",
    connect_ms: "",
    first_byte_ms: "",
    idle_ms: "",
    enabled: true,
  };
}

/** The form for editing a stored provider. The key is never shown (the API only has its mask): left empty, it is kept. */
export function providerForm(provider: Provider): ProviderFormValues {
  return {
    name: provider.name,
    type: provider.type,
    base_url: provider.base_url ?? "",
    api_key: "",
    remove_api_key: false,
    models: provider.models.join("\n"),
    headers: Object.entries(provider.headers)
      .map(([name, value]) => `${name}: ${value}`)
      .join("\n"),
    options: Object.keys(provider.options).length ? JSON.stringify(provider.options, null, 2) : "",
    connect_ms: String(provider.timeouts.connect_ms),
    first_byte_ms: String(provider.timeouts.first_byte_ms),
    idle_ms: String(provider.timeouts.idle_ms),
    enabled: provider.enabled,
  };
}

export function parseList(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * The body to send, or the fields the form itself can tell are wrong (JSON that does not parse, a
 * header line without a colon). Everything else is the API's to judge, with the config's own
 * validators. `original` is the provider being edited: a PUT replaces every field, so each is sent
 * (a secret header sent back as the mask GET showed keeps its stored value).
 */
export function toProviderInput(
  values: ProviderFormValues,
  original?: Provider,
): { input: ProviderInput; errors?: undefined } | { input?: undefined; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const input: ProviderInput = { type: values.type, enabled: values.enabled };
  if (!original) input.name = values.name.trim();
  if (values.base_url.trim()) input.base_url = values.base_url.trim();
  if (values.remove_api_key) input.api_key = null;
  else if (values.api_key) input.api_key = values.api_key;

  const models = parseList(values.models);
  if (models.length || original) input.models = models;

  const headers = parseHeaders(values.headers);
  if (typeof headers === "string") errors.headers = headers;
  else if (Object.keys(headers).length || original) input.headers = headers;

  const options = parseOptions(values.options);
  if (typeof options === "string") errors.options = options;
  else if (Object.keys(options).length || original) input.options = options;

  // Editing, the form shows the timeouts in force and sends them all: a PUT replaces the provider,
  // and one left out would fall back to upstream.timeouts.
  const timeouts: Partial<Timeouts> = {};
  for (const field of TIMEOUT_FIELDS) {
    const text = values[field].trim();
    if (!text) continue;
    const value = Number(text);
    if (!Number.isFinite(value)) errors[field] = "must be a number of milliseconds";
    else timeouts[field] = value;
  }
  if (Object.keys(timeouts).length) input.timeouts = timeouts;

  return Object.keys(errors).length ? { errors } : { input };
}

/** `options.thinking_budgets.high` → `options`, `timeouts.connect_ms` → `connect_ms`, `models[2]` → `models`. */
export function fieldOfParam(param: string | null): ProviderField | undefined {
  if (!param) return undefined;
  const path = param.replace(/^providers\.[^.]+\./, "");
  const [head, next] = path.split(/[.[]/);
  if (head === "timeouts") return TIMEOUT_FIELDS.find((field) => field === next);
  const fields: readonly ProviderField[] = ["name", "type", "base_url", "api_key", "models", "headers", "options", "enabled"];
  return fields.find((field) => field === head);
}

function parseHeaders(text: string): Record<string, string> | string {
  const headers: Record<string, string> = {};
  const lines = text.split("\n");
  for (const [index, line] of lines.entries()) {
    if (!line.trim()) continue;
    const colon = line.indexOf(":");
    if (colon <= 0) return `line ${index + 1} is not "Name: value"`;
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function parseOptions(text: string): Record<string, unknown> | string {
  if (!text.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `is not valid JSON: ${(error as Error).message}`;
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) return "must be a JSON object";
  return value as Record<string, unknown>;
}
