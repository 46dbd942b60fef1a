import { describe, expect, it } from "vitest";
import { encodingOfAnswer, fromBase64, toBase64, vectorJson } from "../../src/embeddings/encoding.js";
import { ProxyError } from "../../src/errors.js";
import { recordedVectors } from "../helpers/embeddings.js";
import { fixture } from "../helpers/files.js";

const RECORDED_BASE64 = recordedVectors("openai/embeddings-base64.json")[0] as string;

describe("base64 vectors", () => {
  it("are OpenAI's own bytes: the recorded base64 decoded and encoded again is the recording", () => {
    const floats = fromBase64(RECORDED_BASE64);
    expect(floats).toHaveLength(1536);
    expect(toBase64(floats)).toBe(RECORDED_BASE64);
  });

  it("hold floats as little-endian float32", () => {
    expect(toBase64([1, -2.5])).toBe(Buffer.from([0, 0, 0x80, 0x3f, 0, 0, 0x20, 0xc0]).toString("base64"));
    expect(fromBase64(toBase64([0.1]))).toEqual([Math.fround(0.1)]);
  });

  it("refuse bytes that are not whole float32s with a 502", () => {
    expect(() => fromBase64(Buffer.from([1, 2, 3]).toString("base64"))).toThrow(ProxyError);
  });
});

describe("vectorJson", () => {
  it("writes a vector in the encoding asked for, whatever it came as", () => {
    expect(vectorJson([1, -2.5], "float")).toBe("[1,-2.5]");
    expect(vectorJson([1, -2.5], "base64")).toBe(`"${toBase64([1, -2.5])}"`);
    expect(vectorJson(toBase64([1, -2.5]), "float")).toBe("[1,-2.5]");
    expect(vectorJson(toBase64([1, -2.5]), "base64")).toBe(`"${toBase64([1, -2.5])}"`);
  });
});

describe("encodingOfAnswer", () => {
  it("reads the recordings' encodings without parsing them (compact or pretty-printed)", () => {
    expect(encodingOfAnswer(fixture("openai/embeddings-float.json"))).toBe("float");
    expect(encodingOfAnswer(fixture("mistral/embeddings.json"))).toBe("float");
    expect(encodingOfAnswer(fixture("openai/embeddings-base64.json"))).toBe("base64");
  });

  it("sees no vector in an answer without one", () => {
    expect(encodingOfAnswer('{"object":"list","data":[]}')).toBeUndefined();
    expect(encodingOfAnswer(fixture("errors/openai-embeddings-context-length-400.json"))).toBeUndefined();
  });
});
