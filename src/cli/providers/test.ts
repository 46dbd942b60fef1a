import { parseArgs } from "node:util";
import { defaultTestModel, testConnection } from "../../admin/connection-test.js";
import { adapterFor } from "../../providers/registry.js";
import { buildSnapshot } from "../../snapshot.js";
import { UpstreamClient } from "../../upstream/client.js";
import { CommandError } from "../command-error.js";
import { readComposedConfig } from "./composed.js";

export const TEST_USAGE = "llm-proxy providers test NAME [--model MODEL] [--json] [--config FILE]";

/**
 * The admin API's connection test from the command line: one short real chat call ("Answer with
 * the word OK.") from this machine, exit 0 when it answered, 1 when it did not.
 */
export async function testProvider(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { model: { type: "string" }, json: { type: "boolean" }, config: { type: "string", short: "c" } },
    strict: true,
    allowPositionals: true,
  });
  const name = positionals[0];
  if (!name || positionals.length > 1) throw new CommandError(`name one provider to test\n\n${TEST_USAGE}`);
  const { config, composed } = await readComposedConfig(values.config);
  const entry = composed.providers.get(name);
  if (!entry) throw new CommandError(`no provider is named ${JSON.stringify(name)} (llm-proxy providers list shows them)`);
  if (!entry.config || entry.problem) throw new CommandError(`provider '${name}' cannot be tested: ${entry.problem}`);
  const upstream = new UpstreamClient({
    maxConnectionsPerOrigin: undefined,
    keepAliveMs: config.upstream.keep_alive_ms,
    http2: config.upstream.http2,
  });
  try {
    const deps = { upstream, adapterFor, snapshot: buildSnapshot(composed.config) };
    const model = values.model ?? (await defaultTestModel(deps, entry.config));
    if (model === undefined) throw new CommandError(`provider '${name}' lists no model to test with: name one with --model MODEL`);
    const result = await testConnection(deps, entry.config, model);
    if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else if (result.ok) process.stdout.write(`ok: ${name} answered with ${result.model} in ${result.latency_ms} ms\n`);
    else
      process.stdout.write(
        `failed: ${name} with ${result.model} after ${result.latency_ms} ms: ${result.error!.status} ${result.error!.message}\n`,
      );
    if (!result.ok) process.exitCode = 1;
  } finally {
    await upstream.close();
  }
}
