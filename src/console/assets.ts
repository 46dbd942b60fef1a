import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { extname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** Where `npm run build` puts the console: `dist/ui/`, the same from `src/console/` (tests) and `dist/console/` (built). */
export const CONSOLE_DIR = fileURLToPath(new URL("../../dist/ui/", import.meta.url));

/** One file of the built console, with the compressed forms the build wrote beside it. */
export interface ConsoleAsset {
  body: Buffer;
  br: Buffer | undefined;
  gzip: Buffer | undefined;
  type: string;
  /** A strong validator of the content (all encodings share it: they carry the same bytes once decoded). */
  etag: string;
  /** Vite names these by content hash, so a browser may keep them for good. */
  immutable: boolean;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json",
};

/**
 * The built console, read into memory once at start: a few files, about a hundred kilobytes.
 * Only files found here are ever served, so no request path reaches the file system.
 */
export class ConsoleAssets {
  private constructor(private readonly files: Map<string, ConsoleAsset>) {}

  /** Undefined when the console has not been built (`npm run build` writes `dist/ui/`). */
  static load(dir: string = CONSOLE_DIR): ConsoleAssets | undefined {
    if (!existsSync(join(dir, "index.html"))) return undefined;
    const files = new Map<string, ConsoleAsset>();
    for (const path of listFiles(dir)) {
      const extension = extname(path);
      if (extension === ".br" || extension === ".gz") continue;
      const body = readFileSync(path);
      const name = relative(dir, path).split(sep).join("/");
      files.set(name, {
        body,
        br: readIfPresent(`${path}.br`),
        gzip: readIfPresent(`${path}.gz`),
        type: TYPES[extension] ?? "application/octet-stream",
        etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`,
        immutable: name.startsWith("assets/"),
      });
    }
    return new ConsoleAssets(files);
  }

  /** A file by its path under `/ui/` (`assets/index-abc123.js`). */
  find(name: string): ConsoleAsset | undefined {
    return this.files.get(name);
  }

  /** The page every view of the console starts from. */
  get index(): ConsoleAsset {
    return this.files.get("index.html")!;
  }
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

function readIfPresent(path: string): Buffer | undefined {
  return existsSync(path) ? readFileSync(path) : undefined;
}
