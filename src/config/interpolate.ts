/**
 * `${VAR}` and `${VAR:-default}` in config values, resolved against the environment after the
 * YAML is parsed, so a secret containing `:` or `#` can never change the document's structure.
 * `$${...}` stays a literal `${...}`.
 */

const PLACEHOLDER = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface Interpolated {
  value: string;
  /** Variables that were referenced without a default and are unset or empty. */
  missing: string[];
}

export function interpolateString(input: string, env: NodeJS.ProcessEnv): Interpolated {
  const missing: string[] = [];
  const value = input.replace(PLACEHOLDER, (whole, escaped: string, name: string, fallback: string | undefined) => {
    if (escaped) return whole.slice(1);
    const current = env[name];
    if (current !== undefined && current !== "") return current;
    if (fallback !== undefined) return fallback;
    missing.push(name);
    return "";
  });
  return { value, missing };
}

export interface MissingVariable {
  path: string;
  names: string[];
}

/**
 * Walks a parsed YAML tree and interpolates every string. Returns the new tree and, per path,
 * the variables it needed but did not find; the caller decides which paths may tolerate that.
 */
export function interpolateTree(tree: unknown, env: NodeJS.ProcessEnv): { tree: unknown; missing: MissingVariable[] } {
  const missing: MissingVariable[] = [];
  const walk = (node: unknown, path: string): unknown => {
    if (typeof node === "string") {
      const result = interpolateString(node, env);
      if (result.missing.length > 0) missing.push({ path, names: result.missing });
      return result.value;
    }
    if (Array.isArray(node)) return node.map((item, index) => walk(item, `${path}[${index}]`));
    if (node !== null && typeof node === "object") {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(node)) out[key] = walk(value, path ? `${path}.${key}` : key);
      return out;
    }
    return node;
  };
  return { tree: walk(tree, ""), missing };
}
