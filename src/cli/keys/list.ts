import { parseArgs } from "node:util";
import { periodStarts } from "../../access/periods.js";
import { SpendRecords } from "../../state/spend.js";
import { VirtualKeys, type VirtualKey } from "../../state/virtual-keys.js";
import { withStateStore } from "./store.js";
import { formatTable } from "../table.js";

export const LIST_USAGE = "llm-proxy keys list [--all] [--json] [--config FILE]";

/** Lists the virtual keys (never a secret), with what each spent in its budget's period. */
export async function listKeys(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { all: { type: "boolean" }, json: { type: "boolean" }, config: { type: "string", short: "c" } },
    strict: true,
  });
  await withStateStore(values.config, async (store) => {
    const keys = await new VirtualKeys(store.db).list({ includeRevoked: values.all === true });
    const totals = await new SpendRecords(store.db).totals(periodStarts(Date.now()));
    const rows = keys.map((key) => ({ ...key, spentUsd: totals.get(`vk:${key.id}`)?.[key.rules.budget_period] ?? 0 }));
    if (values.json) {
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return;
    }
    process.stdout.write(table(rows));
  });
}

function table(rows: (VirtualKey & { spentUsd: number })[]): string {
  const header = ["ID", "NAME", "KEY", "MODELS", "RPM", "TPM", "PARALLEL", "BUDGET", "SPENT", "CREATED", "REVOKED"];
  const lines = rows.map((key) => [
    key.id,
    key.name,
    key.hint,
    key.rules.models?.join(",") ?? "*",
    String(key.rules.rpm ?? "-"),
    String(key.rules.tpm ?? "-"),
    String(key.rules.max_parallel ?? "-"),
    key.rules.budget_usd === undefined ? "-" : `$${key.rules.budget_usd}/${key.rules.budget_period}`,
    `$${key.spentUsd.toFixed(2)}`,
    key.createdAt.slice(0, 19).replace("T", " "),
    key.revokedAt ? key.revokedAt.slice(0, 19).replace("T", " ") : "-",
  ]);
  return formatTable(header, lines);
}
