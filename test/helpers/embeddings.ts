import { expect } from "vitest";
import { fixture } from "./files.js";
import type { MockHandler } from "./mock-upstream.js";
import { expectError } from "./openai-schema.js";
import type { RawResponse } from "./proxy.js";

/** The values as float32, as an openai SDK decodes a base64 vector: what it must get from the proxy. */
export function asFloat32(values: readonly number[]): number[] {
  return Array.from(Float32Array.from(values));
}

/** A base64 vector (little-endian float32) as its floats. */
export function decodeBase64Vector(text: string): number[] {
  const bytes = Buffer.from(text, "base64");
  return Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readFloatLE(i * 4));
}

/** The vectors of an OpenAI embeddings recording, in order. */
export function recordedVectors(path: string): Array<number[] | string> {
  const answer = JSON.parse(fixture(path)) as { data: Array<{ index: number; embedding: number[] | string }> };
  return [...answer.data].sort((a, b) => a.index - b.index).map((item) => item.embedding);
}

/** Answers `POST` with a JSON body built from the request's JSON. */
export function answerJson(build: (request: any) => unknown, status = 200): MockHandler {
  return (request, res) => {
    const body = JSON.stringify(build(request.json()));
    res.writeHead(status, { "content-type": "application/json" });
    res.end(body);
  };
}

/** Checks an error answer: its status, OpenAI's error schema, and the fields given. */
export function expectErrorAnswer(response: RawResponse, status: number, error: Record<string, unknown>): void {
  expect(response.status).toBe(status);
  expectError(response.json());
  expect(response.json().error).toMatchObject(error);
}

/** The `providers:` section of a test config: each provider's type, base URL and (optional) key. */
export function providersConfig(providers: Record<string, { type: string; base_url: string; api_key?: string }>): string {
  const entries = Object.entries(providers).map(([name, { type, base_url, api_key }]) => {
    const key = api_key === undefined ? "" : `\n    api_key: ${api_key}`;
    return `  ${name}:\n    type: ${type}\n    base_url: ${base_url}${key}`;
  });
  return `providers:\n${entries.join("\n")}\n`;
}
