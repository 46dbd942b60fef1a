import { describe, expect, inject, it } from "vitest";
import { node24ClientsAvailable, runNode24 } from "../helpers/node24-clients.js";
import { asFloat32, decodeBase64Vector, providersConfig, recordedVectors } from "../helpers/embeddings.js";
import { fixture } from "../helpers/files.js";
import { respond } from "../helpers/mock-answers.js";
import { useProxyAgainstMock } from "../helpers/proxy.js";

const GEMINI = fixture("gemini/batch-embed-contents.json");
const PARIS = "The capital of France is Paris.";

const { upstream, proxy } = useProxyAgainstMock((url) =>
  providersConfig({
    openai: { type: "openai", base_url: `${url}/v1`, api_key: "sk-test" },
    gemini: { type: "gemini", base_url: url, api_key: "gemini-test-key" },
  }),
);

/** LangChain's OpenAIEmbeddings through the proxy; current @langchain/openai needs Node ≥ 22 (see node24-clients.ts). */
describe.skipIf(!inject("node24Clients") && !node24ClientsAvailable())("LangChain's OpenAIEmbeddings", () => {
  it("embeds a query and documents through the proxy, getting the recorded values", async () => {
    upstream.on("POST /v1/embeddings", respond(200, fixture("openai/embeddings-base64.json")));
    upstream.on("POST /v1beta/models/gemini-embedding-2:batchEmbedContents", respond(200, GEMINI));
    const from = upstream.requests.length;
    const result = (await runNode24("langchain-embeddings.mjs", [], {
      PROXY_URL: proxy.url,
      QUERY_MODEL: "openai/text-embedding-3-small",
      QUERY: PARIS,
      DOCUMENTS_MODEL: "gemini/gemini-embedding-2",
      DOCUMENTS: JSON.stringify(["First text", "Second text"]),
      DIMENSIONS: "768",
    })) as { node: string; query: number[]; documents: number[][] };
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
