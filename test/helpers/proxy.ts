import OpenAI from "openai";
import { onTestFinished } from "vitest";
import { useMockUpstream, type MockUpstream } from "./mock-upstream.js";
import { useStarted } from "./use-started.js";
import { loadConfigText } from "../../src/config/load.js";
import { createLogger } from "../../src/log.js";
import { adapterFor } from "../../src/providers/registry.js";
import { startProxy, type RunningProxy } from "../../src/start.js";
import { configuredSecrets } from "../../src/app-context.js";

export interface TestProxy extends RunningProxy {
  /** Every log line the proxy wrote. */
  logs: string[];
  /** The real OpenAI SDK pointed at the proxy. */
  client: OpenAI;
  /** POSTs raw bytes to a path and returns status, headers and text. */
  post(path: string, body: string | object, headers?: Record<string, string>): Promise<RawResponse>;
  get(path: string): Promise<RawResponse>;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json(): any;
}

/** Starts the real server (listhen, port 0) with a YAML config; env fills `${VAR}`s. */
export async function startTestProxy(yaml: string, env: Record<string, string> = {}): Promise<TestProxy> {
  const config = loadConfigText(yaml, env, adapterFor);
  const logs: string[] = [];
  const logger = createLogger({ level: "debug", sink: (line) => logs.push(line), secrets: configuredSecrets(config) });
  const proxy = await startProxy({ config, host: "127.0.0.1", port: 0, logger });
  const client = new OpenAI({ baseURL: `${proxy.url}/v1`, apiKey: "client-side-key", maxRetries: 0, timeout: 15_000 });
  const toRaw = async (response: Response): Promise<RawResponse> => {
    const text = await response.text();
    return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
  };
  return {
    ...proxy,
    logs,
    client,
    post: async (path, body, headers = {}) =>
      toRaw(
        await fetch(`${proxy.url}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body: typeof body === "string" ? body : JSON.stringify(body),
        }),
      ),
    get: async (path) => toRaw(await fetch(`${proxy.url}${path}`)),
  };
}

/**
 * The real proxy for the enclosing file or describe block (see useStarted). `yaml` is called
 * when the block starts, so it can name the URLs of mock upstreams declared before it.
 */
export function useTestProxy(yaml: () => string | Promise<string>, env: Record<string, string> = {}): TestProxy {
  return useStarted(async () => startTestProxy(await yaml(), env));
}

/** The common case: one mock upstream and the proxy, configured by `config` from the mock's URL. */
export function useProxyAgainstMock(
  config: (upstreamUrl: string) => string,
  env: Record<string, string> = {},
): { upstream: MockUpstream; proxy: TestProxy } {
  const upstream = useMockUpstream();
  const proxy = useTestProxy(() => config(upstream.url), env);
  return { upstream, proxy };
}

/** A proxy of the running test's own (its own config, fresh metrics), closed when the test ends. */
export async function startProxyForTest(yaml: string, env: Record<string, string> = {}): Promise<TestProxy> {
  const proxy = await startTestProxy(yaml, env);
  onTestFinished(() => proxy.close());
  return proxy;
}
