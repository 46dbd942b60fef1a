import { expect } from "vitest";
import type { RawResponse } from "./proxy.js";

export const MASTER_KEY = "sk-master-admin-0123456789abcdefghij";
export const STATE_SECRET = "test-state-secret-0123456789abcdef";

export interface AdminClient {
  get(path: string, headers?: Record<string, string>): Promise<RawResponse>;
  post(path: string, body?: unknown, headers?: Record<string, string>): Promise<RawResponse>;
  put(path: string, body: unknown, headers?: Record<string, string>): Promise<RawResponse>;
  patch(path: string, body?: unknown, headers?: Record<string, string>): Promise<RawResponse>;
  delete(path: string, headers?: Record<string, string>): Promise<RawResponse>;
  /** Any request, with nothing added but what is given. */
  raw(path: string, init: RequestInit): Promise<RawResponse>;
}

/** The admin API of a proxy at `url()`, called the way the console calls it: the master key, JSON bodies. */
export function adminClient(url: () => string, key = MASTER_KEY): AdminClient {
  const raw = async (path: string, init: RequestInit): Promise<RawResponse> => {
    const response = await fetch(`${url()}${path}`, init);
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
  };
  const send = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    raw(path, {
      method,
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    get: (path, headers = {}) => raw(path, { headers: { authorization: `Bearer ${key}`, ...headers } }),
    post: (path, body, headers) => send("POST", path, body, headers),
    put: (path, body, headers) => send("PUT", path, body, headers),
    patch: (path, body, headers) => send("PATCH", path, body, headers),
    delete: (path, headers) => send("DELETE", path, undefined, headers),
    raw,
  };
}

/** An OpenAI-shaped error with this status, whose fields match `error`. */
export function expectError(response: RawResponse, status: number, error: Record<string, unknown>): void {
  expect({ status: response.status, body: response.json() }).toMatchObject({ status, body: { error } });
}
