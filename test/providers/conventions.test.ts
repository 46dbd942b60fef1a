import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { adapterFor } from "../../src/providers/registry.js";
import { PROVIDER_TYPES, type ProviderType } from "../../src/providers/types.js";

/**
 * The conventions every provider folder follows (docs/adding-a-provider.md), checked so that a
 * new provider cannot drift from them: the same modules, and in each the same names with the
 * provider's own prefix.
 */
const PROVIDERS = fileURLToPath(new URL("../../src/providers/", import.meta.url));

/** Folder and name prefix of each provider type. */
const FOLDERS: Record<ProviderType, { folder: string; prefix: string }> = {
  openai: { folder: "openai-compatible", prefix: "OpenAI" },
  anthropic: { folder: "anthropic", prefix: "Anthropic" },
  gemini: { folder: "gemini", prefix: "Gemini" },
  mistral: { folder: "mistral", prefix: "Mistral" },
  ollama: { folder: "ollama", prefix: "Ollama" },
  qwen: { folder: "qwen", prefix: "Qwen" },
};

const REQUIRED = ["index.ts", "request.ts", "response.ts", "stream.ts"];
const lower = (prefix: string) => prefix[0]!.toLowerCase() + prefix.slice(1);

/** Module → the names it must export, when the folder has that module. */
const NAMES: Record<string, (prefix: string) => string[]> = {
  "request.ts": (p) => [`build${p}Request`],
  "response.ts": (p) => [`parse${p}Response`],
  "stream.ts": (p) => [`${p}StreamTranslator`],
  "errors.ts": (p) => [`${lower(p)}Error`],
  "finish-reason.ts": (p) => [`${lower(p)}FinishReason`],
  "usage.ts": (p) => [`${lower(p)}Usage`],
  "options.ts": (p) => [`${lower(p)}Options`, `read${p}Options`],
  "models.ts": (p) => [`list${p}Models`],
};

describe("provider folders", () => {
  it("are one per provider type, besides shared/", () => {
    const folders = readdirSync(PROVIDERS, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== "shared")
      .map((entry) => entry.name)
      .sort();
    expect(folders).toEqual(
      Object.values(FOLDERS)
        .map((entry) => entry.folder)
        .sort(),
    );
    expect(Object.keys(FOLDERS).sort()).toEqual([...PROVIDER_TYPES].sort());
  });

  describe.each(PROVIDER_TYPES.map((type) => [type, FOLDERS[type]] as const))("%s", (type, { folder, prefix }) => {
    const dir = join(PROVIDERS, folder);

    it("has the required modules", () => {
      for (const module of REQUIRED) expect(existsSync(join(dir, module)), `${folder}/${module}`).toBe(true);
    });

    it("names each module's exports with its prefix", async () => {
      for (const [module, names] of Object.entries(NAMES)) {
        if (!existsSync(join(dir, module))) continue;
        const exported = await import(join(dir, module));
        for (const name of names(prefix)) expect(typeof exported[name], `${folder}/${module} exports ${name}`).toBe("function");
      }
    });

    it("has a tool-call id module named tool-call-ids.ts, if any", () => {
      const files = readdirSync(dir);
      expect(files.filter((file) => /^tool-call-id/.test(file) && file !== "tool-call-ids.ts")).toEqual([]);
    });

    it("is registered, declares how its key travels, and serves chat", () => {
      const adapter = adapterFor(type);
      expect(adapter.type).toBe(type);
      expect(["bearer", "x-api-key", "x-goog-api-key", "none"]).toContain(adapter.auth);
      expect(typeof adapter.chat.buildRequest).toBe("function");
      expect(typeof adapter.chat.parseResponse).toBe("function");
      expect(typeof adapter.chat.createStreamTranslator).toBe("function");
      expect(typeof adapter.parseError).toBe("function");
    });

    it("serves embeddings exactly when its embeddings.ts exports <p>Embeddings, the adapter's `embeddings`", async () => {
      const adapter = adapterFor(type);
      const module = join(dir, "embeddings.ts");
      expect(adapter.embeddings !== undefined).toBe(existsSync(module));
      if (!adapter.embeddings) return;
      expect((await import(module))[`${lower(prefix)}Embeddings`]).toBe(adapter.embeddings);
      expect(typeof adapter.embeddings.buildRequest).toBe("function");
      expect(typeof adapter.embeddings.parseResponse).toBe("function");
    });
  });
});
