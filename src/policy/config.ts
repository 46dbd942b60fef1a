import { ConfigError, list, object, oneOf, optional, record, section, string, type Validator } from "../config/validate.js";
import { EFFORT_SCALE, type FamilyRule } from "./families.js";

export const POLICY_MODES = ["rewrite", "strict"] as const;
export type PolicyMode = (typeof POLICY_MODES)[number];

export interface PolicyConfig {
  /** rewrite: fix requests and say so in `x-llm-proxy-rewritten`; strict: answer 400 instead. */
  mode: PolicyMode;
  /** Filled in when a reasoning family's request names none; undefined: leave it to the upstream. */
  reasoning_effort: string | undefined;
  /** Rows that replace built-in families by name or come before them. */
  families: FamilyRule[];
}

const effort = oneOf(...EFFORT_SCALE);

const scalar: Validator<string | number | boolean> = (value, path) => {
  if (typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value))) return value;
  throw new ConfigError(path, "must be a string, number or boolean");
};

const nonEmptyList =
  <T>(item: Validator<T>): Validator<T[]> =>
  (value, path) => {
    const items = list(item)(value, path);
    if (items.length === 0) throw new ConfigError(path, "must not be empty");
    return items;
  };

const familyShape = object({
  name: string({ nonEmpty: true }),
  match: nonEmptyList(string({ nonEmpty: true })),
  rename: optional(record(string({ nonEmpty: true }))),
  unsupported: optional(
    record(
      object({
        allowed_values: optional(list(scalar)),
        allowed_with_reasoning_effort: optional(list(effort)),
      }),
    ),
  ),
  roles: optional(record(string({ nonEmpty: true }))),
  reasoning_effort: optional(
    object({
      values: nonEmptyList(effort),
      upstream_default: effort,
      default: optional(effort),
    }),
  ),
});

const family: Validator<FamilyRule> = (value, path) => {
  const row = familyShape(value, path);
  const rule: FamilyRule = { name: row.name, match: row.match };
  if (row.rename) rule.rename = row.rename;
  if (row.roles) rule.roles = row.roles;
  if (row.reasoning_effort) {
    const { values, upstream_default, default: fallback } = row.reasoning_effort;
    rule.reasoning_effort = fallback ? { values, upstream_default, default: fallback } : { values, upstream_default };
  }
  if (row.unsupported) {
    rule.unsupported = {};
    for (const [parameter, entry] of Object.entries(row.unsupported)) {
      rule.unsupported[parameter] = {};
      if (entry.allowed_values) rule.unsupported[parameter].allowed_values = entry.allowed_values;
      if (entry.allowed_with_reasoning_effort)
        rule.unsupported[parameter].allowed_with_reasoning_effort = entry.allowed_with_reasoning_effort;
    }
  }
  return rule;
};

const policyShape = section({
  mode: optional(oneOf(...POLICY_MODES), "rewrite"),
  reasoning_effort: optional(oneOf("off", ...EFFORT_SCALE), "medium"),
  families: optional(list(family), []),
});

/** `policy:` at the top of the config. */
export const policyConfig = {
  optional: true as const,
  validate: (value: unknown, path: string): PolicyConfig => {
    const raw = policyShape.validate(value, path);
    const names = new Set<string>();
    raw.families.forEach((row, index) => {
      if (names.has(row.name))
        throw new ConfigError(`${path}.families[${index}].name`, `names a family twice: ${JSON.stringify(row.name)}`);
      names.add(row.name);
    });
    return { mode: raw.mode, reasoning_effort: raw.reasoning_effort === "off" ? undefined : raw.reasoning_effort, families: raw.families };
  },
};

/** `routes[].policy`: a route's own mode. */
export const routePolicy = optional(oneOf(...POLICY_MODES));
