import type { Api } from "./client.js";
import type {
  ConnectionTest,
  KeyInput,
  List,
  OllamaModel,
  Provider,
  ProviderInput,
  PullLine,
  UsageBucket,
  UsageReport,
  VirtualKey,
} from "./types.js";

/** The admin routes the console uses, one function each (docs/admin-api.md). */

const providerPath = (name: string) => `/admin/providers/${encodeURIComponent(name)}`;
const keyPath = (id: string) => `/admin/keys/${encodeURIComponent(id)}`;

export const listProviders = async (api: Api) => (await api.request<List<Provider>>("GET", "/admin/providers")).data;

export const createProvider = (api: Api, input: ProviderInput) => api.request<Provider>("POST", "/admin/providers", input);

export const replaceProvider = (api: Api, name: string, input: ProviderInput) => api.request<Provider>("PUT", providerPath(name), input);

export const deleteProvider = (api: Api, name: string) => api.request<{ name: string; deleted: boolean }>("DELETE", providerPath(name));

export const toggleProvider = (api: Api, name: string, enabled: boolean) =>
  api.request<{ enabled: boolean }>("PATCH", `${providerPath(name)}/toggle`, { enabled });

export const testProvider = (api: Api, name: string) => api.request<ConnectionTest>("POST", `${providerPath(name)}/test`, {});

export const initializeDefaults = (api: Api) => api.request<{ created: string[] }>("POST", "/admin/providers/initialize-defaults");

export const listOllamaModels = async (api: Api, provider: string) =>
  (await api.request<List<OllamaModel>>("GET", `/admin/ollama/models?provider=${encodeURIComponent(provider)}`)).data;

export const pullOllamaModel = (api: Api, provider: string, model: string, onLine: (line: PullLine) => void, signal?: AbortSignal) =>
  api.stream("/admin/ollama/pull", { provider, model }, (value) => onLine(value as PullLine), signal);

export const deleteOllamaModel = (api: Api, provider: string, model: string) =>
  api.request<{ model: string; deleted: boolean }>("POST", "/admin/ollama/delete", { provider, model });

/** Revoked keys too: the page shows them on request, marked. */
export const listKeys = async (api: Api) => (await api.request<List<VirtualKey>>("GET", "/admin/keys?include_revoked=true")).data;

export const createKey = (api: Api, input: KeyInput) => api.request<VirtualKey>("POST", "/admin/keys", input);

export const revokeKey = (api: Api, id: string) => api.request<{ id: string; deleted: boolean }>("DELETE", keyPath(id));

export const usageReport = (api: Api, from: Date, to: Date, bucket: UsageBucket) =>
  api.request<UsageReport>(
    "GET",
    `/admin/usage?${new URLSearchParams({ from: from.toISOString(), to: to.toISOString(), bucket }).toString()}`,
  );
