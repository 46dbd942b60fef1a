import { ConfigError, list, oneOf, record, type Validator } from "../../config/validate.js";
import { globToRegExp } from "../../lib/glob.js";

/** One row of a per-model setting: a model-name glob and the value for the models it matches. */
export interface ModelRule<T> {
  glob: string;
  pattern: RegExp;
  value: T;
}

/** Rows from a `glob: value` mapping, in the mapping's order; globs are compiled once, here. */
export function modelRules<T>(table: Record<string, T>): ModelRule<T>[] {
  return Object.entries(table).map(([glob, value]) => ({ glob, pattern: globToRegExp(glob), value }));
}

/** A config mapping `glob: value` (first match wins) validated into compiled rows. */
export function modelTable<T>(value: Validator<T>): Validator<ModelRule<T>[]> {
  const validate = record(value);
  return (raw, path) => modelRules(validate(raw, path));
}

/** The value of the first row whose glob matches the model, if any. */
export function lookupModel<T>(rules: readonly ModelRule<T>[], model: string): T | undefined {
  for (const rule of rules) if (rule.pattern.test(model)) return rule.value;
  return undefined;
}

/** A non-empty list of some of `allowed` (the values a model accepts, in a per-model table). */
export function someOf<const T extends string>(...allowed: T[]): Validator<T[]> {
  const validate = list(oneOf(...allowed));
  return (raw, path) => {
    const values = validate(raw, path);
    if (values.length === 0) throw new ConfigError(path, `must name at least one of ${allowed.join(", ")}`);
    return values;
  };
}
