import { describe, expect, it } from "vitest";
import { ndjsonValues } from "../../../ui/src/api/ndjson.js";

function streamOf(parts: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(typeof part === "string" ? encoder.encode(part) : part);
      controller.close();
    },
  });
}

async function collect(stream: ReadableStream<Uint8Array>): Promise<unknown[]> {
  const values: unknown[] = [];
  for await (const value of ndjsonValues(stream)) values.push(value);
  return values;
}

describe("ndjsonValues", () => {
  it("yields each line once it is whole, across reads that split lines and characters", async () => {
    const euro = new TextEncoder().encode('{"status":"€"}\n');
    const values = await collect(
      streamOf([
        '{"status":"pulling manifest"}\n{"sta',
        'tus":"pulling a","total":10}\n\n',
        euro.slice(0, 12),
        euro.slice(12),
        '{"status":"success"}',
      ]),
    );
    expect(values).toEqual([{ status: "pulling manifest" }, { status: "pulling a", total: 10 }, { status: "€" }, { status: "success" }]);
  });

  it("fails on a line that is not JSON", async () => {
    await expect(collect(streamOf(["{oops}\n"]))).rejects.toThrow(SyntaxError);
  });
});
