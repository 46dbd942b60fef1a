import { describe, expect, it } from "vitest";
import { NdjsonParser } from "../../src/streaming/ndjson-parser.js";
import { fixture } from "../helpers/files.js";

describe("NdjsonParser", () => {
  it("splits the recorded Ollama stream into lines, however it is split", () => {
    const raw = fixture("ollama/chat-stream.ndjson");
    const lines: string[] = [];
    const parser = new NdjsonParser((event) => lines.push(event.data));
    for (const piece of raw.match(/[\s\S]{1,7}/g)!) parser.feed(piece);
    parser.end();
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[3]!).done).toBe(true);
  });
});
