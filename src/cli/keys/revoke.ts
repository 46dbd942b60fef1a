import { parseArgs } from "node:util";
import { VirtualKeys } from "../../state/virtual-keys.js";
import { announced, KeysCommandError, withStateStore } from "./store.js";

export const REVOKE_USAGE = "llm-proxy keys revoke ID|NAME [--config FILE]";

/** Revokes a virtual key by its id or its name; running proxies stop taking it within state.poll_seconds. */
export async function revokeKey(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    options: { config: { type: "string", short: "c" } },
    strict: true,
    allowPositionals: true,
  });
  const target = positionals[0];
  if (!target || positionals.length > 1) throw new KeysCommandError(`name one key to revoke\n\n${REVOKE_USAGE}`);
  await withStateStore(values.config, async (store, config) => {
    const revoked = await new VirtualKeys(store.db).revoke(target);
    if (revoked.length === 0) throw new KeysCommandError(`no live key has the id or name ${JSON.stringify(target)}`);
    const when = await announced(store, config);
    for (const key of revoked) process.stdout.write(`revoked key '${key.name}' (${key.id}); running proxies refuse it ${when}\n`);
  });
}
