import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompress, constants, gzip } from "node:zlib";
import { promisify } from "node:util";
import { defineConfig, type Plugin } from "vite";

/**
 * The web console, built into dist/ui/ (served by the proxy at /ui/). `npm run dev:ui` serves it
 * with live reload and passes /admin and /v1 to a running proxy (LLM_PROXY_URL, default
 * http://127.0.0.1:8787), so the page and the API share an origin as they do in production.
 */
const root = fileURLToPath(new URL(".", import.meta.url));
const proxyTarget = process.env.LLM_PROXY_URL ?? "http://127.0.0.1:8787";

export default defineConfig({
  root,
  base: "/ui/",
  publicDir: join(root, "public"),
  build: {
    outDir: join(root, "../dist/ui"),
    emptyOutDir: true,
    // Nothing inlined as data: URLs, so the page's CSP can stay `default-src 'self'`.
    assetsInlineLimit: 0,
    target: "es2022",
    reportCompressedSize: false,
  },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  server: {
    // The Host header stays the dev server's, so the admin API sees the page's own origin (it refuses cross-site calls).
    proxy: {
      "/admin": { target: proxyTarget, changeOrigin: false },
      "/v1": { target: proxyTarget, changeOrigin: false },
    },
  },
  plugins: [precompress()],
});

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** Writes `.br` and `.gz` beside each text file, once at build time, for the proxy to send as they are. */
function precompress(): Plugin {
  let outDir = "";
  return {
    name: "llm-proxy:precompress",
    apply: "build",
    configResolved(config) {
      outDir = config.build.outDir;
    },
    async writeBundle(_options, bundle) {
      const names = [...Object.keys(bundle), "index.html", "favicon.svg"].filter((name) => /\.(html|js|css|svg|json)$/.test(name));
      await Promise.all(
        [...new Set(names)].map(async (name) => {
          const path = join(outDir, name);
          const body = await readFile(path);
          await writeFile(`${path}.br`, await brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
          await writeFile(`${path}.gz`, await gzipped(body, { level: 9 }));
        }),
      );
    },
  };
}
