import { describe, expect, it } from "vitest";
import { silentLogger } from "../../src/log.js";
import { newOutcome, type RequestOutcome } from "../../src/pipeline/outcome.js";
import type { UsageDelta, UsageRecords } from "../../src/state/usage.js";
import { UsageLedger } from "../../src/usage/ledger.js";

function outcome(fields: Partial<RequestOutcome>): RequestOutcome {
  return {
    ...newOutcome("chat.completions"),
    provider: "openai",
    model: "gpt-4o-mini",
    keyId: "vk:vk_1",
    tokens: { input: 7, cached_input: 2, cache_write: 1, output: 5, reasoning: 3 },
    costUsd: 0.5,
    ...fields,
  };
}

function ledger(clock: { now: number }, fail = { on: false }) {
  const written: UsageDelta[][] = [];
  const records = {
    add: async (deltas: UsageDelta[]) => {
      if (fail.on) throw new Error("down");
      written.push(deltas.map((delta) => ({ ...delta })));
    },
  } as unknown as UsageRecords;
  return { written, ledger: new UsageLedger(records, silentLogger, () => clock.now) };
}

describe("the usage ledger", () => {
  it("adds requests up by hour, key, provider and model; a cache hit counts what it saved, not tokens", async () => {
    const clock = { now: Date.UTC(2026, 11, 1, 13, 59, 59) };
    const { written, ledger: usage } = ledger(clock);
    usage.observe(outcome({}));
    usage.observe(outcome({}));
    usage.observe(outcome({ cache: "hit" }));
    usage.observe(outcome({ keyId: undefined, model: "other-model" }));
    usage.observe(outcome({ status: 401, tokens: undefined, provider: undefined }));
    usage.observe(outcome({ status: 500, tokens: undefined }));
    clock.now += 1000;
    usage.observe(outcome({}));
    await usage.flush();
    expect(written).toEqual([
      [
        {
          hour: "2026-12-01T13:00:00.000Z",
          principalId: "vk:vk_1",
          provider: "openai",
          model: "gpt-4o-mini",
          requests: 3,
          inputTokens: 20,
          outputTokens: 10,
          costUsd: 1,
          cacheHits: 1,
          cacheSavedUsd: 0.5,
        },
        expect.objectContaining({ hour: "2026-12-01T13:00:00.000Z", principalId: "", model: "other-model", requests: 1 }),
        expect.objectContaining({ hour: "2026-12-01T14:00:00.000Z", principalId: "vk:vk_1", requests: 1 }),
      ],
    ]);
    await usage.flush();
    expect(written.at(-1)).toEqual([]);
  });

  it("keeps what a failed write held for the next one", async () => {
    const clock = { now: Date.UTC(2026, 11, 1, 13) };
    const fail = { on: true };
    const { written, ledger: usage } = ledger(clock, fail);
    usage.observe(outcome({}));
    await usage.flush();
    usage.observe(outcome({}));
    fail.on = false;
    await usage.flush();
    expect(written).toEqual([[expect.objectContaining({ requests: 2, costUsd: 1 })]]);
  });

  it("counts models past its bound of rows as other, so client-sent names cannot grow it without end", async () => {
    const { written, ledger: usage } = ledger({ now: 0 });
    for (let i = 0; i < 10_005; i++) usage.observe(outcome({ model: `model-${i}` }));
    await usage.flush();
    const rows = written[0]!;
    expect(rows).toHaveLength(10_001);
    expect(rows.at(-1)).toMatchObject({ model: "other", requests: 5 });
  });
});
