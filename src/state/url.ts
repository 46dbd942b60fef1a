import { isAbsolute, resolve } from "node:path";

export type StateLocation = { dialect: "sqlite"; file: string } | { dialect: "postgres"; url: string };

/** A `sqlite:` path relative to the config file's folder, wherever the proxy was started from; other URLs unchanged. */
export function resolveStateUrl(url: string | undefined, configDir: string): string | undefined {
  if (!url?.startsWith("sqlite:")) return url;
  const file = url.slice("sqlite:".length);
  return isAbsolute(file) ? url : `sqlite:${resolve(configDir, file)}`;
}

export function parseStateUrl(url: string): StateLocation {
  if (url.startsWith("sqlite:")) return { dialect: "sqlite", file: url.slice("sqlite:".length) };
  return { dialect: "postgres", url };
}
