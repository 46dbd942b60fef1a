import { describe, expect, it } from "vitest";
import { ApiError, errorFromBody, errorFromObject } from "../../../ui/src/api/errors.js";

describe("errorFromBody", () => {
  it("reads OpenAI's error shape, param included", () => {
    const error = errorFromBody(
      400,
      JSON.stringify({
        error: { message: "base_url: must be an http(s) URL", type: "invalid_request_error", param: "base_url", code: "invalid_value" },
      }),
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, message: "base_url: must be an http(s) URL", param: "base_url", code: "invalid_value" });
  });

  it("still says something readable for a body in another shape, or none", () => {
    expect(errorFromBody(502, "<html>Bad gateway</html>").message).toBe("HTTP 502: <html>Bad gateway</html>");
    expect(errorFromBody(503, "").message).toBe("HTTP 503");
    expect(errorFromBody(500, '{"detail":"x"}').param).toBeNull();
  });
});

describe("errorFromObject", () => {
  it("recognises an NDJSON error line and nothing else", () => {
    expect(errorFromObject(200, { error: { message: "pull model manifest: file does not exist", type: "upstream_error" } })?.message).toBe(
      "pull model manifest: file does not exist",
    );
    expect(errorFromObject(200, { status: "success" })).toBeUndefined();
    expect(errorFromObject(200, { error: "plain" })).toBeUndefined();
  });
});
