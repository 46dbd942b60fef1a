import { keyName, keyRulesShape, type KeyRules } from "../access/config.js";
import { object } from "../config/validate.js";
import { invalidRequest } from "../errors.js";
import { fieldError } from "./requests.js";

const keyFields = object({ name: keyName, ...keyRulesShape });

/**
 * A key's name and rules from a POST body, or from a PATCH body over the key's current ones (a
 * field set to null removes that limit), validated as the config file's keys are: a 400 names the field.
 */
export function parseKeyBody(
  body: Record<string, unknown>,
  current?: { name: string; rules: KeyRules },
): { name: string; rules: KeyRules } {
  const merged: Record<string, unknown> = current ? { name: current.name, ...definedOnly(current.rules) } : {};
  for (const [field, value] of Object.entries(body)) {
    if (value === null) delete merged[field];
    else merged[field] = value;
  }
  let parsed: ReturnType<typeof keyFields>;
  try {
    parsed = keyFields(merged, "");
  } catch (error) {
    throw fieldError(error);
  }
  if (body.budget_period !== undefined && body.budget_period !== null && parsed.budget_usd === undefined)
    throw invalidRequest("'budget_period' needs 'budget_usd'.", "budget_period", "invalid_value");
  const { name, budget_period, ...rules } = parsed;
  return { name, rules: { ...rules, budget_period: budget_period ?? "month" } };
}

function definedOnly(rules: KeyRules): Record<string, unknown> {
  return Object.fromEntries(Object.entries(rules).filter(([, value]) => value !== undefined));
}
