import { describe, expect, it } from "vitest";
import { parseDataUrl } from "../../../src/providers/shared/data-url.js";

describe("parseDataUrl", () => {
  it("reads media type and data of a base64 data URL", () => {
    expect(parseDataUrl("data:image/png;base64,iVBORw0KGgo=")).toEqual({ mediaType: "image/png", base64: "iVBORw0KGgo=" });
    expect(parseDataUrl("data:IMAGE/JPEG;charset=binary;base64,/9j/\n4AAQ")).toEqual({ mediaType: "image/jpeg", base64: "/9j/4AAQ" });
  });
  it("names image/jpg, which browsers and clients send, by its registered type image/jpeg", () => {
    expect(parseDataUrl("data:image/jpg;base64,/9j/4AAQ")).toEqual({ mediaType: "image/jpeg", base64: "/9j/4AAQ" });
    expect(parseDataUrl("data:Image/JPG;base64,/9j/4AAQ")).toEqual({ mediaType: "image/jpeg", base64: "/9j/4AAQ" });
  });
  it("refuses what is not a base64 data URL", () => {
    expect(parseDataUrl("https://example.com/cat.png")).toBeUndefined();
    expect(parseDataUrl("data:text/plain,hello")).toBeUndefined();
  });
});
