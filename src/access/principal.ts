import type { KeyRules } from "./config.js";
import { globToRegExp } from "../lib/glob.js";

/** Who is asking: the key a request authenticated with, and what it may do. */
export interface Principal {
  /** Stable across restarts and replicas: `master`, `config:NAME` or `vk:ID`; counters and spend are kept under it. */
  readonly id: string;
  /** The key's name, for metrics, logs and error messages. */
  readonly name: string;
  /** Its limits and budget; undefined for the master key (every model, no limits of its own). */
  readonly rules: KeyRules | undefined;
  /**
   * Whether this key may use a model, by the name a client sends (globs on the requested name).
   * The plan asks it of every fallback, so a fallback never leaves the key's list.
   */
  mayUse(model: string): boolean;
}

export const MASTER_NAME = "master";

export function principalOf(id: string, name: string, rules: KeyRules | undefined): Principal {
  const patterns = rules?.models?.map(globToRegExp);
  return {
    id,
    name,
    rules,
    mayUse: patterns ? (model) => patterns.some((pattern) => pattern.test(model)) : () => true,
  };
}
