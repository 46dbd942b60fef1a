import { describe, expect, it } from "vitest";
import { splitUrl } from "../../src/upstream/client.js";

describe("splitUrl", () => {
  it.each([
    ["https://api.openai.com/v1/chat/completions", "https://api.openai.com", "/v1/chat/completions"],
    ["http://127.0.0.1:11434/api/chat", "http://127.0.0.1:11434", "/api/chat"],
    [
      "http://[::1]:8080/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse",
      "http://[::1]:8080",
      "/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse",
    ],
    ["https://host.example", "https://host.example", "/"],
    ["http://host.example/my models/x", "http://host.example", "/my%20models/x"],
    ["http://host.example/modèle", "http://host.example", "/mod%C3%A8le"],
  ])("%s → %s + %s", (url, origin, path) => {
    expect(splitUrl(url)).toEqual({ origin, path });
  });
});
