import type { BudgetPeriod, KeyInput } from "../../api/types.js";
import { parseList } from "../providers/form-values.js";

export interface KeyFormValues {
  name: string;
  models: string;
  rpm: string;
  tpm: string;
  max_parallel: string;
  budget_usd: string;
  budget_period: BudgetPeriod;
}

export type KeyField = keyof KeyFormValues;
export type KeyFieldErrors = Partial<Record<KeyField, string>>;

export function emptyKeyForm(): KeyFormValues {
  return { name: "", models: "", rpm: "", tpm: "", max_parallel: "", budget_usd: "", budget_period: "month" };
}

const WHOLE_LIMITS = ["rpm", "tpm", "max_parallel"] as const;

/** The body of `POST /admin/keys`; empty fields are no limit. Numbers that are not numbers are caught here, the rest by the API. */
export function toKeyInput(values: KeyFormValues): { input: KeyInput; errors?: undefined } | { input?: undefined; errors: KeyFieldErrors } {
  const errors: KeyFieldErrors = {};
  const input: KeyInput = { name: values.name.trim() };
  const models = parseList(values.models);
  if (models.length) input.models = models;
  for (const field of WHOLE_LIMITS) {
    const text = values[field].trim();
    if (!text) continue;
    const value = Number(text);
    if (!Number.isInteger(value)) errors[field] = "must be a whole number";
    else input[field] = value;
  }
  const budget = values.budget_usd.trim().replace(/^\$/, "");
  if (budget) {
    const value = Number(budget);
    if (!Number.isFinite(value)) errors.budget_usd = "must be an amount in dollars";
    else {
      input.budget_usd = value;
      input.budget_period = values.budget_period;
    }
  }
  return Object.keys(errors).length ? { errors } : { input };
}

export function keyFieldOfParam(param: string | null): KeyField | undefined {
  const head = param?.split(/[.[]/)[0];
  const fields: readonly KeyField[] = ["name", "models", "rpm", "tpm", "max_parallel", "budget_usd", "budget_period"];
  return fields.find((field) => field === head);
}
