import { parseArgs } from "node:util";
import { providerView, type ProviderView } from "../../admin/provider-view.js";
import { formatTable } from "../table.js";
import { readComposedConfig } from "./composed.js";

export const LIST_USAGE = "llm-proxy providers list [--json] [--config FILE]";

/** Every provider, the config file's and the stored ones, as GET /admin/providers shows them: keys masked. */
export async function listProviders(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { json: { type: "boolean" }, config: { type: "string", short: "c" } }, strict: true });
  const { composed } = await readComposedConfig(values.config);
  const views = [...composed.providers.values()].map(providerView);
  process.stdout.write(values.json ? `${JSON.stringify(views, null, 2)}\n` : table(views));
}

function table(views: ProviderView[]): string {
  return formatTable(
    ["NAME", "TYPE", "SOURCE", "ENABLED", "BASE URL", "KEY", "MODELS", "PROBLEM"],
    views.map((view) => [
      view.name,
      view.type,
      view.source,
      view.enabled ? "yes" : "no",
      view.base_url ?? "-",
      view.api_key ?? (view.api_key_env ? `unset: ${view.api_key_env}` : "-"),
      view.models.length > 0 ? view.models.join(",") : "-",
      view.error ?? "-",
    ]),
  );
}
