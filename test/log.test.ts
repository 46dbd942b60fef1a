import { describe, expect, it } from "vitest";
import { createLogger } from "../src/log.js";

describe("logger", () => {
  it("writes one JSON line per event and keeps below-threshold levels out", () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "info", sink: (line) => lines.push(line) });
    logger.debug("hidden");
    logger.info("shown", { provider: "openai" });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "info", msg: "shown", provider: "openai" });
  });

  it("redacts secrets, including ones JSON has to escape, wherever they appear", () => {
    const lines: string[] = [];
    const secrets = ["sk-plain-secret-123", 'pa"ss\\word-456'];
    const logger = createLogger({ sink: (line) => lines.push(line), secrets });
    logger.error("upstream said", { error: new Error(`bad key ${secrets[0]}`), detail: `redis://:${secrets[1]}@host` });
    expect(lines[0]).not.toContain("sk-plain-secret-123");
    expect(lines[0]).not.toContain(JSON.stringify(secrets[1]).slice(1, -1));
    expect(JSON.parse(lines[0]!)).toMatchObject({ error: { message: "bad key [REDACTED]" }, detail: "redis://:[REDACTED]@host" });
  });

  it("logs a keyed message once", () => {
    const lines: string[] = [];
    const logger = createLogger({ sink: (line) => lines.push(line) });
    for (let i = 0; i < 3; i++) logger.once("warn", "redis-down", "cache unavailable");
    expect(lines).toHaveLength(1);
  });
});
