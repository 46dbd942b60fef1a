import { describe, expect, it } from "vitest";
import { qwen } from "../../../src/providers/qwen/index.js";
import { ConfigError } from "../../../src/config/validate.js";
import { loadConfig } from "../../helpers/config.js";
import { thrown } from "../../helpers/proxy-errors.js";
import { testProvider, translationContext, onTheWire } from "../../helpers/translation.js";
import type { UpstreamCall } from "../../../src/providers/types.js";

const messages = [{ role: "user" as const, content: "Which is larger, 9.9 or 9.11?" }];

function build(request: object, options?: unknown) {
  const provider = options === undefined ? undefined : testProvider(qwen, { options: qwen.options!(options, "options") });
  const ctx = translationContext(qwen, { model: "qwen-plus", messages, ...request }, { provider });
  const call = onTheWire(qwen.chat.buildRequest(ctx) as UpstreamCall, ctx, qwen);
  return { call, body: JSON.parse(call.body!) };
}

describe("DashScope request", () => {
  it("turns reasoning_effort into enable_thinking and a thinking budget on a stream", () => {
    const { call, body } = build({ stream: true, reasoning_effort: "high", temperature: 0.5 });
    expect(call).toMatchObject({ url: "https://dashscope-intl.aliyuncs.com/compatible-mode/v1/chat/completions", response: "sse" });
    expect(call.headers).toMatchObject({ accept: "text/event-stream", authorization: "Bearer sk-test-key" });
    expect(body).toEqual({
      model: "qwen-plus",
      messages,
      stream: true,
      temperature: 0.5,
      stream_options: { include_usage: true },
      enable_thinking: true,
      thinking_budget: 24576,
    });
  });

  it("streams upstream when a JSON request asks for thinking, since DashScope thinks only in streams", () => {
    const { call, body } = build({ reasoning_effort: "low" });
    expect(call.response).toBe("sse");
    expect(body).toEqual({
      model: "qwen-plus",
      messages,
      stream: true,
      stream_options: { include_usage: true },
      enable_thinking: true,
      thinking_budget: 2048,
    });
    expect(build({ enable_thinking: true }).call.response).toBe("sse");
  });

  it("keeps a JSON request JSON when it does not ask for thinking, or turns it off", () => {
    const plain = build({ max_tokens: 20 });
    expect(plain.call.response).toBe("json");
    expect(plain.body).toEqual({ model: "qwen-plus", messages, max_tokens: 20 });
    const off = build({ reasoning_effort: "none" });
    expect(off.call.response).toBe("json");
    expect(off.body).toEqual({ model: "qwen-plus", messages, enable_thinking: false });
  });

  it("turns thinking off on a JSON call to a model that thinks by default, since DashScope refuses its default there", () => {
    for (const model of ["qwen3-32b", "qwen3-235b-a22b", "qwen3-0.6b", "qwen3.5-plus"]) {
      const { call, body } = build({ model, max_tokens: 20 });
      expect(call.response).toBe("json");
      expect(body).toEqual({ model, messages, max_tokens: 20, enable_thinking: false });
    }
    // Streams may think; models that never think by default (commercial Qwen, Qwen3 instruct and
    // coder models) get no field they do not need.
    expect(build({ model: "qwen3-32b", stream: true }).body.enable_thinking).toBeUndefined();
    for (const model of ["qwen-plus", "qwen-max", "qwen3-coder-plus", "qwen3-30b-a3b-instruct-2507", "qwen3-max"]) {
      expect(build({ model }).body.enable_thinking).toBeUndefined();
    }
    // The client's own choice still wins.
    expect(build({ model: "qwen3-32b", reasoning_effort: "low" }).call.response).toBe("sse");
    const custom = build({ model: "my-qwen3-finetune" }, { thinking_by_default_models: ["my-*"] });
    expect(custom.body.enable_thinking).toBe(false);
    expect(build({ model: "qwen3-32b" }, { thinking_by_default_models: [] }).body.enable_thinking).toBeUndefined();
  });

  it("lets DashScope's own fields win over reasoning_effort", () => {
    expect(build({ stream: true, reasoning_effort: "high", thinking_budget: 100 }).body).toMatchObject({
      enable_thinking: true,
      thinking_budget: 100,
    });
    const off = build({ stream: true, reasoning_effort: "high", enable_thinking: false }).body;
    expect(off.enable_thinking).toBe(false);
    expect(off.thinking_budget).toBeUndefined();
  });

  it("streams upstream for models DashScope serves only as streams", () => {
    const call = qwen.chat.buildRequest(translationContext(qwen, { model: "qwq-plus", messages })) as { response: string; body: string };
    expect(call.response).toBe("sse");
    expect(JSON.parse(call.body)).toEqual({ model: "qwq-plus", messages, stream: true, stream_options: { include_usage: true } });
  });

  it("never asks a stream-only (always-thinking) model to stop thinking, which it cannot", () => {
    for (const stream of [false, true]) {
      const { call, body } = build({ model: "qwq-plus", reasoning_effort: "none", stream });
      expect(call.response).toBe("sse");
      expect(body).toEqual({ model: "qwq-plus", messages, stream: true, stream_options: { include_usage: true } });
    }
    expect(build({ model: "qwen3-235b-a22b-thinking-2507", reasoning_effort: "none" }).body.enable_thinking).toBeUndefined();
    // An effort other than none still sets its budget.
    expect(build({ model: "qwq-plus", reasoning_effort: "low" }).body).toMatchObject({ enable_thinking: true, thinking_budget: 2048 });
  });

  it("reads its budgets and stream-only models from the provider options", () => {
    const { body } = build({ stream: true, reasoning_effort: "medium" }, { thinking_budgets: { medium: 4000 } });
    expect(body.thinking_budget).toBe(4000);
    expect(build({ stream: true, reasoning_effort: "high" }, { thinking_budgets: { medium: 4000 } }).body.thinking_budget).toBe(24576);
    expect(build({ stream: true, reasoning_effort: "xhigh" }).body).toMatchObject({ enable_thinking: true });
    expect(build({ stream: true, reasoning_effort: "xhigh" }).body.thinking_budget).toBeUndefined();
    const custom = loadConfig("providers:\n  q:\n    type: qwen\n    options: { stream_only_models: ['special-*'] }\n").providers.q!;
    const call = qwen.chat.buildRequest(translationContext(qwen, { model: "special-1", messages }, { provider: custom })) as {
      response: string;
    };
    expect(call.response).toBe("sse");
    expect(() => loadConfig("providers:\n  q:\n    type: qwen\n    options: { thinking_budgets: { huge: 1 } }\n")).toThrow(
      new ConfigError("providers.q.options.thinking_budgets.huge", "unknown key (expected one of: minimal, low, medium, high, xhigh, max)"),
    );
  });

  it("answers 400 for a reasoning_effort OpenAI does not define", () => {
    expect(thrown(() => build({ reasoning_effort: "extreme" }))).toMatchObject({
      status: 400,
      param: "reasoning_effort",
      code: "invalid_value",
    });
  });
});
