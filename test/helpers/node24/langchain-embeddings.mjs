// Run by test/e2e/embeddings-langchain.test.ts in a Node ≥ 22 (current @langchain/openai needs it):
// LangChain's OpenAIEmbeddings pointed at the proxy, as an app would use it. Prints what it got.
import { OpenAIEmbeddings } from "@langchain/openai";

const { PROXY_URL, QUERY_MODEL, QUERY, DOCUMENTS_MODEL, DOCUMENTS, DIMENSIONS } = process.env;
const embeddings = (model, dimensions) =>
  new OpenAIEmbeddings({ model, dimensions, apiKey: "client-side-key", maxRetries: 0, configuration: { baseURL: `${PROXY_URL}/v1` } });

const query = await embeddings(QUERY_MODEL).embedQuery(QUERY);
const documents = await embeddings(DOCUMENTS_MODEL, DIMENSIONS ? Number(DIMENSIONS) : undefined).embedDocuments(JSON.parse(DOCUMENTS));
process.stdout.write(JSON.stringify({ node: process.version, query, documents }));
