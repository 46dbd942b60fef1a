import { describe, expect, it } from "vitest";
import { expectCompletion, expectError } from "../helpers/openai-schema.js";
import { useMockUpstream } from "../helpers/mock-upstream.js";
import { PNG_BASE64, startImageServer } from "../helpers/image-server.js";
import { useTestProxy } from "../helpers/proxy.js";
import { useStarted } from "../helpers/use-started.js";
import { recordedSegments } from "../helpers/gemini-recordings.js";
import { respond } from "../helpers/mock-answers.js";

/** Gemini takes image bytes only: an http(s) image URL goes through the proxy's guarded fetcher. */
const provider = (url: string) => `
providers:
  gemini:
    type: gemini
    base_url: ${url}
    api_key: gemini-key-0123456789
`;

const upstream = useMockUpstream({
  "POST /v1beta/models/gemini-2.0-flash:generateContent": respond(200, recordedSegments("text.recording.json")[0]!),
});
const images = useStarted(startImageServer);
const allowing = useTestProxy(() => `images:\n  allow_hosts: ["127.0.0.1"]\n${provider(upstream.url)}`);
const defaults = useTestProxy(() => provider(upstream.url));

const withImage = (url: string) => ({
  model: "gemini/gemini-2.0-flash",
  messages: [
    {
      role: "user",
      content: [
        { type: "text", text: "What is this?" },
        { type: "image_url", image_url: { url } },
      ],
    },
  ],
});

describe("Gemini image URLs", () => {
  it("fetches the image and sends its bytes as inlineData", async () => {
    const response = await allowing.post("/v1/chat/completions", withImage(images.url));
    expect(response.status, response.text).toBe(200);
    expectCompletion(response.json());
    expect(upstream.requests.at(-1)!.json().contents).toEqual([
      { role: "user", parts: [{ text: "What is this?" }, { inlineData: { mimeType: "image/png", data: PNG_BASE64 } }] },
    ]);
  });

  it("refuses a loopback image URL by default with a 400 naming it, before calling Gemini", async () => {
    const before = upstream.requests.length;
    const response = await defaults.post("/v1/chat/completions", withImage(images.url));
    expect(response.status).toBe(400);
    const body = response.json();
    expectError(body);
    expect(body.error.message).toContain(images.url);
    expect(body.error.param).toBe("messages[0].content[1].image_url.url");
    expect(upstream.requests.length).toBe(before);
  });
});
