import type { AccessControl } from "../access/access-control.js";
import { periodStarts } from "../access/periods.js";
import type { VirtualKey } from "../state/virtual-keys.js";

/** A virtual key as the admin API answers it (docs/admin-api.md): never its secret, but once, when it is made. */
export interface KeyView {
  id: string;
  name: string;
  /** `sk-llmp-...abcd`; the whole secret in the answer that made the key, and only there. */
  key: string;
  models: string[] | null;
  rpm: number | null;
  tpm: number | null;
  max_parallel: number | null;
  budget_usd: number | null;
  budget_period: string;
  /** What the key spent in its budget's current period, as this replica knows it. */
  spend_usd: number;
  /** The current period's start; null for `total`, which never resets. */
  period_start: string | null;
  created_at: string;
  revoked_at: string | null;
}

export function keyView(key: VirtualKey, access: AccessControl | undefined, now = Date.now()): KeyView {
  const { rules } = key;
  const period = rules.budget_period;
  return {
    id: key.id,
    name: key.name,
    key: key.hint,
    models: rules.models ?? null,
    rpm: rules.rpm ?? null,
    tpm: rules.tpm ?? null,
    max_parallel: rules.max_parallel ?? null,
    budget_usd: rules.budget_usd ?? null,
    budget_period: period,
    spend_usd: access?.spentUsd(`vk:${key.id}`, period) ?? 0,
    period_start: period === "total" ? null : `${periodStarts(now)[period]}T00:00:00.000Z`,
    created_at: key.createdAt,
    revoked_at: key.revokedAt ?? null,
  };
}
