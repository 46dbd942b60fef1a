import { parseArgs } from "node:util";
import { BUDGET_PERIODS, type BudgetPeriod, type KeyRules } from "../../access/config.js";
import { DuplicateKeyName, VirtualKeys } from "../../state/virtual-keys.js";
import { announced, KeysCommandError, withStateStore } from "./store.js";

export const CREATE_USAGE = `llm-proxy keys create --name NAME [--models GLOB,...] [--rpm N] [--tpm N] [--max-parallel N]
                      [--budget-usd USD] [--budget-period day|week|month|total] [--config FILE]`;

/** Creates a virtual key and prints its secret, alone on stdout, the one time it is ever shown. */
export async function createKey(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      name: { type: "string" },
      models: { type: "string", multiple: true },
      rpm: { type: "string" },
      tpm: { type: "string" },
      "max-parallel": { type: "string" },
      "budget-usd": { type: "string" },
      "budget-period": { type: "string" },
      config: { type: "string", short: "c" },
    },
    strict: true,
  });
  if (!values.name) throw new KeysCommandError(`--name is required\n\n${CREATE_USAGE}`);
  if (!/^[A-Za-z0-9][A-Za-z0-9_.:@-]*$/.test(values.name)) throw new KeysCommandError("--name must be letters, digits and _ . : @ -");
  const period = values["budget-period"] ?? "month";
  if (!(BUDGET_PERIODS as readonly string[]).includes(period))
    throw new KeysCommandError(`--budget-period must be one of ${BUDGET_PERIODS.join(", ")}`);
  if (values["budget-period"] !== undefined && values["budget-usd"] === undefined)
    throw new KeysCommandError("--budget-period needs --budget-usd");
  const models = values.models
    ?.flatMap((list) => list.split(","))
    .map((glob) => glob.trim())
    .filter(Boolean);
  const rules: KeyRules = {
    models: models && models.length > 0 ? models : undefined,
    rpm: count(values.rpm, "--rpm"),
    tpm: count(values.tpm, "--tpm"),
    max_parallel: count(values["max-parallel"], "--max-parallel"),
    budget_usd: dollars(values["budget-usd"]),
    budget_period: period as BudgetPeriod,
  };
  await withStateStore(values.config, async (store, config) => {
    try {
      const { key, secret } = await new VirtualKeys(store.db).create(values.name!, rules);
      process.stdout.write(`${secret}\n`);
      process.stderr.write(
        `created key '${key.name}' (${key.id}); the secret above is shown only this once. ` +
          `Running proxies pick it up ${await announced(store, config)}.\n`,
      );
    } catch (error) {
      if (error instanceof DuplicateKeyName) throw new KeysCommandError(error.message);
      throw error;
    }
  });
}

function count(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new KeysCommandError(`${flag} must be a whole number of at least 1`);
  return Number(text);
}

function dollars(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const usd = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !Number.isFinite(usd))
    throw new KeysCommandError("--budget-usd must be an amount in dollars, such as 50 or 12.5");
  return usd;
}
