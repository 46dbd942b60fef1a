import { watch, type FSWatcher } from "node:fs";
import { basename, dirname } from "node:path";
import type { AppContext } from "../app-context.js";
import { adapterFor } from "../providers/registry.js";
import { loadConfigFile } from "./load.js";
import { ConfigError } from "./validate.js";

/** Editors save in bursts (truncate, write, rename); one reload per burst. */
const WATCH_SETTLE_MS = 200;

export interface ConfigReloader {
  /** Re-reads the file; true when the new config runs, false when it was refused (the old one keeps serving). */
  reload(reason: string): Promise<boolean>;
  /** Reloads whenever the file changes, until `close`. */
  watch(): void;
  close(): void;
}

/**
 * Reloads the config file into a running proxy (SIGHUP, `--watch`). A file that does not
 * validate is refused with the path of its bad key in the log, and the running config is kept.
 * Reloads never overlap: one asked for while another runs follows it.
 */
export function createConfigReloader(file: string, app: AppContext, env: NodeJS.ProcessEnv = process.env): ConfigReloader {
  let running: Promise<boolean> = Promise.resolve(true);

  const reloadNow = async (reason: string): Promise<boolean> => {
    const previous = app.snapshot.version;
    try {
      const config = await loadConfigFile(file, env, adapterFor);
      const { version, restartNeeded } = app.reload(config);
      app.logger.info("config reloaded", { reason, file, version, previous, changed: version !== previous });
      if (restartNeeded.length > 0) {
        app.logger.warn("config reloaded; these settings take effect at the next restart", { settings: restartNeeded });
      }
      return true;
    } catch (error) {
      const message = error instanceof ConfigError ? error.message : (error as Error).message;
      app.logger.error("config reload refused; the running config is kept", { reason, file, error: message, version: previous });
      return false;
    }
  };

  const reload = (reason: string): Promise<boolean> => {
    running = running.then(() => reloadNow(reason));
    return running;
  };

  let stopWatching: (() => void) | undefined;
  return {
    reload,
    watch() {
      stopWatching = watchConfigFile(file, () => void reload("file changed"));
    },
    close() {
      stopWatching?.();
    },
  };
}

/** Calls `onChange` once per burst of changes to `file`, until the returned function is called. */
export function watchConfigFile(file: string, onChange: () => void): () => void {
  let settle: NodeJS.Timeout | undefined;
  // The directory, not the file: an editor that saves by renaming replaces the file watched.
  const name = basename(file);
  const watcher: FSWatcher = watch(dirname(file), (_event, changed) => {
    if (changed !== null && changed !== name) return;
    clearTimeout(settle);
    settle = setTimeout(onChange, WATCH_SETTLE_MS);
  });
  watcher.unref();
  return () => {
    clearTimeout(settle);
    watcher.close();
  };
}
