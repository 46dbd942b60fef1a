import { describe, expect, it } from "vitest";
import { expectCompletion, expectError } from "../helpers/openai-schema.js";
import { useMockUpstream } from "../helpers/mock-upstream.js";
import { startProxyForTest, useTestProxy, type TestProxy } from "../helpers/proxy.js";
import { fixture, testData } from "../helpers/files.js";
import { respond } from "../helpers/mock-answers.js";

/**
 * The model-family policy, family × parameter × mode: what the upstream receives in rewrite mode
 * (and the header naming the changes), and the 400 the client receives in strict mode without
 * any upstream call. Expectations are written out here, from OpenAI's documented behaviour, not
 * derived from the proxy's own table.
 */

const providers = (url: string) => `
providers:
  openai:
    type: openai
    base_url: ${url}/v1
    api_key: sk-test-policy-000000
  openrouter:
    type: openai
    base_url: ${url}/v1
    api_key: sk-test-policy-000000
  groq:
    type: openai
    base_url: ${url}/v1
    api_key: sk-test-policy-000000
`;

const upstream = useMockUpstream({ "POST /v1/chat/completions": respond(200, testData("openai-chat-completion.json")) });
const rewriting = useTestProxy(
  () => `${providers(upstream.url)}
routes:
  - { match: "strict-o3", provider: openai, model: o3, policy: strict }
  - { match: "*", provider: openai }
`,
);
const strict = useTestProxy(
  () => `${providers(upstream.url)}
policy: { mode: strict }
routes:
  - { match: "lenient-o3", provider: openai, model: o3, policy: rewrite }
  - { match: "*", provider: openai }
`,
);

const messages = [{ role: "user", content: "Hi" }];

/** What happens to one parameter: kept, dropped, renamed, or replaced by another value. */
type Fate = "keep" | "drop" | { rename: string } | { value: unknown };
/** The strict-mode 400 (code and exact message), or "pass" when strict mode lets it through. */
type Verdict = "pass" | { code: "unsupported_parameter" | "unsupported_value"; message: string };

const unsupportedParameter = (param: string, extra = ""): Verdict => ({
  code: "unsupported_parameter",
  message: `Unsupported parameter: '${param}' is not supported with this model.${extra}`,
});
const onlyDefaultTemperature = (value: number): Verdict => ({
  code: "unsupported_value",
  message: `Unsupported value: 'temperature' does not support ${value} with this model. Only the default (1) value is supported.`,
});
const effortRefused = (value: string, supported: string): Verdict => ({
  code: "unsupported_value",
  message: `Unsupported value: 'reasoning_effort' does not support '${value}' with this model. Supported values are: ${supported}.`,
});
const MAX_TOKENS: [Fate, Verdict] = [
  { rename: "max_completion_tokens" },
  unsupportedParameter("max_tokens", " Use 'max_completion_tokens' instead."),
];
const KEEP: [Fate, Verdict] = ["keep", "pass"];
const dropped = (param: string): [Fate, Verdict] => ["drop", unsupportedParameter(param)];

const PARAMETERS: Record<string, unknown> = {
  max_tokens: 100,
  temperature: 0.2,
  "temperature=1": 1,
  top_p: 0.9,
  presence_penalty: 0.5,
  frequency_penalty: 0.5,
  logprobs: true,
  top_logprobs: 2,
  logit_bias: { "50256": -100 },
  "reasoning_effort=minimal": "minimal",
  "reasoning_effort=high": "high",
  stop: ["\n"],
};

interface FamilyCase {
  model: string;
  /** The reasoning_effort the upstream receives when the client names none (undefined: none added). */
  defaultEffort: string | undefined;
  /** The role system messages are sent as. */
  systemAs: "system" | "developer" | "user";
  /** Cases in which no default effort is added, because only the upstream's own default accepts the parameter. */
  noDefaultEffortWith?: string[];
  cases: Record<keyof typeof PARAMETERS, [Fate, Verdict]>;
}

const O_SERIES_EFFORTS = "'low', 'medium', and 'high'";
const reasoningSampling = (temperatureOne: [Fate, Verdict]) => ({
  max_tokens: MAX_TOKENS,
  temperature: ["drop", onlyDefaultTemperature(0.2)] as [Fate, Verdict],
  "temperature=1": temperatureOne,
  top_p: dropped("top_p"),
  presence_penalty: dropped("presence_penalty"),
  frequency_penalty: dropped("frequency_penalty"),
  logprobs: dropped("logprobs"),
  top_logprobs: dropped("top_logprobs"),
  logit_bias: dropped("logit_bias"),
  stop: dropped("stop"),
});

const FAMILIES: Record<string, FamilyCase> = {
  "o-series (o3)": {
    model: "o3",
    defaultEffort: "medium",
    systemAs: "developer",
    cases: {
      ...reasoningSampling(KEEP),
      "reasoning_effort=minimal": [{ value: "low" }, effortRefused("minimal", O_SERIES_EFFORTS)],
      "reasoning_effort=high": KEEP,
    },
  },
  "o-series mini (o4-mini), which refuses even temperature 1": {
    model: "o4-mini",
    defaultEffort: "medium",
    systemAs: "developer",
    cases: {
      ...reasoningSampling(dropped("temperature")),
      temperature: dropped("temperature"),
      "reasoning_effort=minimal": [{ value: "low" }, effortRefused("minimal", O_SERIES_EFFORTS)],
      "reasoning_effort=high": KEEP,
    },
  },
  "gpt-5 (gpt-5-mini)": {
    model: "gpt-5-mini",
    defaultEffort: "medium",
    systemAs: "developer",
    cases: { ...reasoningSampling(KEEP), "reasoning_effort=minimal": KEEP, "reasoning_effort=high": KEEP },
  },
  "gpt-5.1, which samples like a chat model when it does not reason": {
    model: "gpt-5.1",
    defaultEffort: "medium",
    systemAs: "developer",
    noDefaultEffortWith: ["temperature", "top_p", "logprobs", "top_logprobs"],
    cases: {
      ...reasoningSampling(KEEP),
      // No effort named: the upstream's own default (none) accepts these.
      temperature: KEEP,
      top_p: KEEP,
      logprobs: KEEP,
      top_logprobs: KEEP,
      "reasoning_effort=minimal": [{ value: "low" }, effortRefused("minimal", "'none', 'low', 'medium', and 'high'")],
      "reasoning_effort=high": KEEP,
    },
  },
  "gpt-5-pro, which only reasons hard": {
    model: "gpt-5-pro",
    defaultEffort: "high",
    systemAs: "developer",
    cases: {
      ...reasoningSampling(KEEP),
      "reasoning_effort=minimal": [{ value: "high" }, effortRefused("minimal", "'high'")],
      "reasoning_effort=high": KEEP,
    },
  },
  "o1-early (o1-mini), which takes no reasoning_effort and no system or developer messages": {
    model: "o1-mini",
    defaultEffort: undefined,
    systemAs: "user",
    cases: {
      ...reasoningSampling(dropped("temperature")),
      temperature: dropped("temperature"),
      "reasoning_effort=minimal": dropped("reasoning_effort"),
      "reasoning_effort=high": dropped("reasoning_effort"),
    },
  },
  "gpt-5-chat (gpt-5-chat-latest), which does not reason": {
    model: "gpt-5-chat-latest",
    defaultEffort: undefined,
    systemAs: "system",
    cases: {
      max_tokens: MAX_TOKENS,
      temperature: KEEP,
      "temperature=1": KEEP,
      top_p: KEEP,
      presence_penalty: KEEP,
      frequency_penalty: KEEP,
      logprobs: KEEP,
      top_logprobs: KEEP,
      logit_bias: KEEP,
      "reasoning_effort=minimal": dropped("reasoning_effort"),
      "reasoning_effort=high": dropped("reasoning_effort"),
      stop: KEEP,
    },
  },
  "gpt-4.1 (gpt-4.1-mini)": {
    model: "gpt-4.1-mini",
    defaultEffort: undefined,
    systemAs: "system",
    cases: {
      max_tokens: MAX_TOKENS,
      temperature: KEEP,
      "temperature=1": KEEP,
      top_p: KEEP,
      presence_penalty: KEEP,
      frequency_penalty: KEEP,
      logprobs: KEEP,
      top_logprobs: KEEP,
      logit_bias: KEEP,
      "reasoning_effort=minimal": dropped("reasoning_effort"),
      "reasoning_effort=high": dropped("reasoning_effort"),
      stop: KEEP,
    },
  },
  "legacy (gpt-4o)": {
    model: "gpt-4o",
    defaultEffort: undefined,
    systemAs: "system",
    cases: {
      max_tokens: KEEP,
      temperature: KEEP,
      "temperature=1": KEEP,
      top_p: KEEP,
      presence_penalty: KEEP,
      frequency_penalty: KEEP,
      logprobs: KEEP,
      top_logprobs: KEEP,
      logit_bias: KEEP,
      "reasoning_effort=minimal": dropped("reasoning_effort"),
      "reasoning_effort=high": dropped("reasoning_effort"),
      stop: KEEP,
    },
  },
};

const untouched = (model: string): FamilyCase => ({
  model,
  defaultEffort: undefined,
  systemAs: "system",
  cases: Object.fromEntries(Object.keys(PARAMETERS).map((name) => [name, KEEP])),
});
FAMILIES["no OpenAI family (Groq's llama)"] = untouched("groq/llama-3.3-70b-versatile");
FAMILIES["no OpenAI family (Claude through OpenRouter)"] = untouched("openrouter/anthropic/claude-sonnet-4.5");

const rows = Object.entries(FAMILIES).flatMap(([family, spec]) =>
  Object.entries(spec.cases).map(([name, [fate, verdict]]) => ({ family, spec, name, fate, verdict })),
);

function paramOf(name: string): string {
  return name.split("=")[0]!;
}

async function send(proxy: TestProxy, body: object) {
  const before = upstream.requests.length;
  const response = await proxy.post("/v1/chat/completions", body);
  const sent = upstream.requests.length > before ? upstream.requests.at(-1)!.json() : undefined;
  return { response, sent };
}

describe("rewrite mode", () => {
  it.each(rows)("$family: $name", async ({ spec, name, fate }) => {
    const param = paramOf(name);
    const value = PARAMETERS[name];
    const { response, sent } = await send(rewriting, { model: spec.model, messages, [param]: value });
    expect(response.status).toBe(200);
    expectCompletion(response.json());
    expect(sent).toBeDefined();

    const expected: Record<string, unknown> = { model: spec.model.replace(/^(groq|openrouter)\//, ""), messages };
    if (param !== "reasoning_effort" && spec.defaultEffort && !spec.noDefaultEffortWith?.includes(name)) {
      expected.reasoning_effort = spec.defaultEffort;
    }
    if (fate === "keep") expected[param] = value;
    else if (fate !== "drop" && "rename" in fate) expected[fate.rename] = value;
    else if (fate !== "drop") expected[param] = fate.value;
    expect(sent).toEqual(expected);
    expect(response.headers.get("x-llm-proxy-rewritten")).toBe(fate === "keep" ? null : param);
  });
});

describe("strict mode", () => {
  it.each(rows)("$family: $name", async ({ spec, name, verdict }) => {
    const param = paramOf(name);
    const { response, sent } = await send(strict, { model: spec.model, messages, [param]: PARAMETERS[name] });
    if (verdict === "pass") {
      expect(response.status).toBe(200);
      expect(sent?.[param]).toEqual(PARAMETERS[name]);
      return;
    }
    expect(response.status).toBe(400);
    expect(sent).toBeUndefined();
    const body = response.json();
    expectError(body);
    expect(body).toEqual({ error: { message: verdict.message, type: "invalid_request_error", param, code: verdict.code } });
  });

  it("answers exactly OpenAI's recorded errors", async () => {
    const maxTokens = await send(strict, { model: "o3", messages, max_tokens: 10 });
    expect(maxTokens.response.json()).toEqual(JSON.parse(fixture("errors/openai-reasoning-max-tokens.json")));
    const temperature = await send(strict, { model: "o3-mini", messages, temperature: 0.5 });
    expect(temperature.response.json()).toEqual(JSON.parse(fixture("errors/openai-reasoning-temperature.json")));
  });
});

describe("roles and defaults", () => {
  const withSystem = [
    { role: "system", content: "Be brief." },
    { role: "user", content: "Hi" },
  ];

  it.each(Object.entries(FAMILIES))("%s: system messages in both modes", async (_family, spec) => {
    for (const proxy of [rewriting, strict]) {
      const { response, sent } = await send(proxy, { model: spec.model, messages: withSystem });
      expect(response.status).toBe(200);
      expect(sent.messages).toEqual(
        spec.systemAs === "system" ? withSystem : [{ role: spec.systemAs, content: "Be brief." }, withSystem[1]],
      );
      expect(response.headers.get("x-llm-proxy-rewritten")).toBe(spec.systemAs === "system" ? null : "messages");
      expect(sent.reasoning_effort).toBe(spec.defaultEffort);
    }
  });

  it("applies the family of the upstream model whatever the host prefix (openrouter/openai/o3)", async () => {
    const { response, sent } = await send(rewriting, { model: "openrouter/openai/o3", messages, max_tokens: 50, temperature: 0 });
    expect(sent).toEqual({ model: "openai/o3", messages, max_completion_tokens: 50, reasoning_effort: "medium" });
    expect(response.headers.get("x-llm-proxy-rewritten")).toBe("max_tokens,temperature");
  });

  it("recognises dated snapshots (o3-2025-04-16) and upper-case names", async () => {
    const { sent } = await send(rewriting, { model: "O3-2025-04-16", messages, max_tokens: 5 });
    expect(sent).toEqual({ model: "O3-2025-04-16", messages, max_completion_tokens: 5, reasoning_effort: "medium" });
  });

  it("keeps max_completion_tokens when both are sent and drops max_tokens", async () => {
    const { sent } = await send(rewriting, { model: "o3", messages, max_tokens: 5, max_completion_tokens: 500 });
    expect(sent.max_completion_tokens).toBe(500);
    expect(sent).not.toHaveProperty("max_tokens");
  });

  it("drops gpt-5.1 sampling parameters once the client asks it to reason", async () => {
    const { response, sent } = await send(rewriting, {
      model: "gpt-5.1",
      messages,
      reasoning_effort: "high",
      temperature: 0.3,
      top_p: 0.5,
    });
    expect(sent).toEqual({ model: "gpt-5.1", messages, reasoning_effort: "high" });
    expect(response.headers.get("x-llm-proxy-rewritten")).toBe("temperature,top_p");
  });

  it("lets a route choose its own mode", async () => {
    const refused = await send(rewriting, { model: "strict-o3", messages, max_tokens: 5 });
    expect(refused.response.status).toBe(400);
    expect(refused.sent).toBeUndefined();
    const fixed = await send(strict, { model: "lenient-o3", messages, max_tokens: 5 });
    expect(fixed.response.status).toBe(200);
    expect(fixed.sent).toMatchObject({ model: "o3", max_completion_tokens: 5 });
  });

  it("leaves null parameters alone (null means unset)", async () => {
    const { response, sent } = await send(strict, { model: "o3", messages, temperature: null, max_tokens: null });
    expect(response.status).toBe(200);
    expect(sent).toEqual({ model: "o3", messages, temperature: null, max_tokens: null, reasoning_effort: "medium" });
  });
});

describe("the family table in config.yaml", () => {
  it("adds families in front of the built-in ones and replaces a built-in one by name", async () => {
    const proxy = await startProxyForTest(`${providers(upstream.url)}
policy:
  reasoning_effort: low
  families:
    - name: house-reasoner
      match: ["acme-think-*"]
      rename: { max_tokens: max_completion_tokens }
      unsupported: { temperature: { allowed_values: [0.7] }, seed: {} }
      roles: { system: developer }
      reasoning_effort: { values: [low, high], upstream_default: high }
    - name: legacy
      match: ["gpt-4o*"]
      unsupported: { logit_bias: {} }
routes:
  - { match: "*", provider: openai }
`);
    const house = await send(proxy, { model: "acme-think-2", messages, max_tokens: 9, temperature: 0.2, seed: 4 });
    expect(house.sent).toEqual({ model: "acme-think-2", messages, max_completion_tokens: 9, reasoning_effort: "low" });
    expect(house.response.headers.get("x-llm-proxy-rewritten")).toBe("max_tokens,temperature,seed");
    const allowed = await send(proxy, { model: "acme-think-2", messages, temperature: 0.7 });
    expect(allowed.sent).toEqual({ model: "acme-think-2", messages, temperature: 0.7, reasoning_effort: "low" });

    const legacy = await send(proxy, { model: "gpt-4o", messages, logit_bias: { "1": 2 }, reasoning_effort: "high" });
    expect(legacy.sent).toEqual({ model: "gpt-4o", messages, reasoning_effort: "high" });
    expect(legacy.response.headers.get("x-llm-proxy-rewritten")).toBe("logit_bias");

    const builtIn = await send(proxy, { model: "o3", messages });
    expect(builtIn.sent.reasoning_effort).toBe("low");
  });

  it("adds no default effort with reasoning_effort: off", async () => {
    const proxy = await startProxyForTest(`${providers(upstream.url)}
policy: { reasoning_effort: "off" }
routes: [{ match: "*", provider: openai }]
`);
    const { sent } = await send(proxy, { model: "o3", messages });
    expect(sent).toEqual({ model: "o3", messages });
  });

  it.each([
    ["policy: { mode: lenient }", "policy.mode: must be one of rewrite, strict"],
    ["policy: { reasoning_effort: extreme }", "policy.reasoning_effort: must be one of off, none, minimal"],
    ["policy: { families: [{ name: x, match: [] }] }", "policy.families[0].match: must not be empty"],
    [
      "policy: { families: [{ name: x, match: [a], reasoning_effort: { values: [low] } }] }",
      "policy.families[0].reasoning_effort.upstream_default: is required",
    ],
    ["policy: { families: [{ name: x, match: [a], colour: red }] }", "policy.families[0].colour: unknown key"],
    ["policy: { families: [{ name: x, match: [a] }, { name: x, match: [b] }] }", "policy.families[1].name: names a family twice"],
    ["routes: [{ match: o3, provider: openai, policy: loose }]", "routes[0].policy: must be one of rewrite, strict"],
  ])("rejects %s", async (yaml, message) => {
    await expect(startProxyForTest(`${providers(upstream.url)}\n${yaml}\n`)).rejects.toThrow(message);
  });
});
