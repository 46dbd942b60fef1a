import { ApiError, errorFromBody, errorFromObject } from "./errors.js";
import { ndjsonValues } from "./ndjson.js";

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** The admin API with the session's master key; every call goes to the console's own origin. */
export interface Api {
  request<T>(method: Method, path: string, body?: unknown): Promise<T>;
  /** A call answered in NDJSON: `onValue` sees each line as it arrives; an `{"error"}` line rejects. */
  stream(path: string, body: unknown, onValue: (value: unknown) => void, signal?: AbortSignal): Promise<void>;
}

export interface ApiOptions {
  masterKey: string;
  /** The key was refused (rotated, or the proxy restarted with another): the session is over. */
  onUnauthorized(): void;
  fetch?: typeof fetch;
}

export function createApi({ masterKey, onUnauthorized, fetch: send = fetch }: ApiOptions): Api {
  const call = async (method: Method, path: string, body: unknown, accept: string, signal?: AbortSignal) => {
    // The admin API refuses changes that an HTML form on another site could send; this header no such form can.
    const headers: Record<string, string> = { authorization: `Bearer ${masterKey}`, accept, "x-llm-proxy-admin": "console" };
    if (body !== undefined) headers["content-type"] = "application/json";
    let response: Response;
    try {
      response = await send(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ApiError(0, "The proxy cannot be reached. Is it running?", null, "network_error");
    }
    if (!response.ok) {
      const failure = errorFromBody(response.status, await response.text());
      if (response.status === 401) onUnauthorized();
      throw failure;
    }
    return response;
  };

  return {
    async request<T>(method: Method, path: string, body?: unknown): Promise<T> {
      const response = await call(method, path, body, "application/json");
      return (await response.json()) as T;
    },
    async stream(path, body, onValue, signal) {
      const response = await call("POST", path, body, "application/x-ndjson", signal);
      if (!response.body) return;
      for await (const value of ndjsonValues(response.body)) {
        const failure = errorFromObject(response.status, value);
        if (failure) throw failure;
        onValue(value);
      }
    },
  };
}
