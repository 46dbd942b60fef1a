import OpenAI from "openai";
import { describe, expect, it } from "vitest";
import { providersConfig } from "../helpers/embeddings.js";
import { fixture } from "../helpers/files.js";
import { respond } from "../helpers/mock-answers.js";
import { expectEmbeddings, expectError } from "../helpers/openai-schema.js";
import { useProxyAgainstMock } from "../helpers/proxy.js";

const { upstream, proxy } = useProxyAgainstMock(
  (url) =>
    `${providersConfig({
      openai: { type: "openai", base_url: `${url}/v1`, api_key: "sk-test" },
      anthropic: { type: "anthropic", base_url: url, api_key: "sk-ant-test" },
      keyless: { type: "openai", base_url: `${url}/v1`, api_key: "${UNSET_EMBEDDINGS_KEY}" },
    })}routes:
  - { match: "text-embedding-*", provider: openai }
  - { match: "claude-*", provider: anthropic }
`,
);

const tooMany = Array.from({ length: 2049 }, () => "a");

describe("embeddings requests OpenAI refuses are refused the same way, before any upstream call", () => {
  const cases: Array<[string, unknown, { param: string | null; code: string; message: RegExp }]> = [
    ["a body that is not an object", [1], { param: null, code: "invalid_type", message: /request body: expected an object/ }],
    [
      "no model",
      { input: "x" },
      { param: "model", code: "missing_required_parameter", message: /^Missing required parameter: 'model'\.$/ },
    ],
    ["a model that is not a string", { model: 3, input: "x" }, { param: "model", code: "invalid_type", message: /expected a string/ }],
    ["no input", { model: "text-embedding-3-small" }, { param: "input", code: "missing_required_parameter", message: /'input'/ }],
    [
      "an input of the wrong type",
      { model: "text-embedding-3-small", input: 5 },
      { param: "input", code: "invalid_type", message: /but got an integer instead/ },
    ],
    [
      "an empty string",
      { model: "text-embedding-3-small", input: "" },
      { param: "input", code: "invalid_value", message: /^'\$\.input' is invalid: 'input' cannot be an empty string\.$/ },
    ],
    [
      "an empty array",
      { model: "text-embedding-3-small", input: [] },
      { param: "input", code: "empty_array", message: /^'\$\.input' is invalid: .*empty array/ },
    ],
    [
      "an empty string in an array",
      { model: "text-embedding-3-small", input: ["a", ""] },
      { param: "input", code: "invalid_value", message: /input\[1\] is an empty string/ },
    ],
    [
      "more than 2048 inputs",
      { model: "text-embedding-3-small", input: tooMany },
      { param: "input", code: "array_above_max_length", message: /array length must be 2048 or less, but 'input' has 2049 items/ },
    ],
    [
      "texts mixed with tokens",
      { model: "text-embedding-3-small", input: ["a", 1] },
      { param: "input", code: "invalid_type", message: /input\[1\] is an integer; an array of texts holds strings only/ },
    ],
    [
      "a token that is not one",
      { model: "text-embedding-3-small", input: [1, -2] },
      { param: "input", code: "invalid_type", message: /input\[1\] is the number -2; a token array holds non-negative integers only/ },
    ],
    [
      "a token array mixed with a number",
      { model: "text-embedding-3-small", input: [[1], 2] },
      { param: "input", code: "invalid_type", message: /input\[1\] is an integer; an array of token arrays holds arrays only/ },
    ],
    [
      "an empty token array",
      { model: "text-embedding-3-small", input: [[1], []] },
      { param: "input", code: "invalid_value", message: /input\[1\] is an empty token array/ },
    ],
    [
      "an unknown encoding",
      { model: "text-embedding-3-small", input: "x", encoding_format: "int8" },
      {
        param: "encoding_format",
        code: "invalid_value",
        message: /^Invalid value: 'int8'\. Supported values are: 'float' and 'base64'\.$/,
      },
    ],
    [
      "dimensions below 1",
      { model: "text-embedding-3-small", input: "x", dimensions: 0 },
      { param: "dimensions", code: "integer_below_min_value", message: /Expected a value >= 1, but got 0 instead/ },
    ],
    [
      "dimensions that are not an integer",
      { model: "text-embedding-3-small", input: "x", dimensions: 1.5 },
      { param: "dimensions", code: "invalid_type", message: /expected an integer, but got a decimal/ },
    ],
    [
      "a user that is not a string",
      { model: "text-embedding-3-small", input: "x", user: 7 },
      { param: "user", code: "invalid_type", message: /'user'/ },
    ],
  ];

  it.each(cases)("%s", async (_name, body, expected) => {
    const from = upstream.requests.length;
    const response = await proxy.post("/v1/embeddings", body as object);
    expect(response.status).toBe(400);
    expectError(response.json());
    const { error } = response.json();
    expect(error.type).toBe("invalid_request_error");
    expect(error.param).toBe(expected.param);
    expect(error.code).toBe(expected.code);
    expect(error.message).toMatch(expected.message);
    expect(upstream.requests.length).toBe(from);
  });
});

describe("routing embeddings", () => {
  it("refuses a provider without embeddings (Anthropic) with a 400 before any upstream call", async () => {
    const from = upstream.requests.length;
    const error = await proxy.client.embeddings.create({ model: "claude-sonnet-4-5", input: "x" }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const response = await proxy.post("/v1/embeddings", { model: "anthropic/claude-sonnet-4-5", input: "x" });
    expect(response.status).toBe(400);
    expectError(response.json());
    expect(response.json().error).toEqual({
      message: "Provider 'anthropic' (anthropic) does not serve embeddings.",
      type: "invalid_request_error",
      param: "model",
      code: "unsupported_endpoint",
    });
    expect(upstream.requests.length).toBe(from);
  });

  it("routes bare model names by the config's routes", async () => {
    upstream.on("POST /v1/embeddings", respond(200, fixture("openai/embeddings-float.json")));
    const response = await proxy.post("/v1/embeddings", { model: "text-embedding-3-small", input: "Ruby is a programmer's best friend" });
    expect(response.status).toBe(200);
    expectEmbeddings(response.json());
    expect(response.headers.get("x-llm-proxy-provider")).toBe("openai");
  });

  it("answers an unknown model with OpenAI's 404", async () => {
    const response = await proxy.post("/v1/embeddings", { model: "nobody/knows", input: "x" });
    expect(response.status).toBe(404);
    expect(response.json().error.code).toBe("model_not_found");
  });

  it("answers a provider whose key is not set with a 401 naming the variable", async () => {
    const from = upstream.requests.length;
    const response = await proxy.post("/v1/embeddings", { model: "keyless/text-embedding-3-small", input: "x" });
    expect(response.status).toBe(401);
    expect(response.json().error.message).toContain("UNSET_EMBEDDINGS_KEY");
    expect(upstream.requests.length).toBe(from);
  });

  it("answers an unparseable body with a 400", async () => {
    const response = await proxy.post("/v1/embeddings", "{not json");
    expect(response.status).toBe(400);
    expectError(response.json());
  });
});
