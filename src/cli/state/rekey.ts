import { parseArgs } from "node:util";
import { notifyReplicas } from "../../live-config/announce.js";
import { secretsContext } from "../../live-config/stored-state.js";
import { StoredProviders } from "../../state/providers.js";
import { SealedValueError, SecretBox, sealedKeyId } from "../../state/secret-box.js";
import { openStateStore } from "../../state/store.js";
import { CommandError } from "../command-error.js";
import { loadCommandConfig } from "../config.js";

/** Not a flag: a command line is visible to every user of the machine (ps) and kept in shell histories. */
export const OLD_SECRET_ENV = "LLM_PROXY_OLD_SECRET";

export const REKEY_USAGE = `llm-proxy state rekey [--config FILE]     (the old secret in $${OLD_SECRET_ENV})`;

/**
 * Re-seals every stored provider secret under the config's (new) `state.secret`, opening each with
 * the old one, in one transaction: all or nothing. Values already under the new secret are left as
 * they are, so running it twice is harmless. Replicas still running with the old secret keep the
 * keys they hold until they restart with the new one.
 */
export async function rekey(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { config: { type: "string", short: "c" } }, strict: true });
  const { file, config } = await loadCommandConfig(values.config);
  if (!config.state.url) throw new CommandError(`${file} names no state store (state.url): there is nothing to re-seal`);
  if (!config.state.secret) throw new CommandError(`set the new secret as state.secret in ${file}, and the old one in $${OLD_SECRET_ENV}`);
  const oldSecret = process.env[OLD_SECRET_ENV];
  if (!oldSecret) throw new CommandError(`set the old state.secret in $${OLD_SECRET_ENV}`);
  const [oldBox, newBox] = await Promise.all([SecretBox.fromSecret(oldSecret), SecretBox.fromSecret(config.state.secret)]);
  if (oldBox.keyId === newBox.keyId) throw new CommandError(`$${OLD_SECRET_ENV} is the same secret as state.secret: nothing would change`);

  const store = await openStateStore(config.state.url);
  try {
    let resealed = 0;
    const total = await new StoredProviders(store.db).resealAll((row) => {
      const sealed = row.secrets!;
      const keyId = sealedKeyId(sealed);
      if (keyId === newBox.keyId) return sealed;
      if (keyId !== oldBox.keyId)
        throw new CommandError(`provider '${row.name}' is sealed under neither secret (key id ${keyId}); nothing was changed`);
      try {
        resealed++;
        return newBox.seal(oldBox.open(sealed, secretsContext(row.name)), secretsContext(row.name));
      } catch (error) {
        if (error instanceof SealedValueError) throw new CommandError(`provider '${row.name}': ${error.message}; nothing was changed`);
        throw error;
      }
    });
    await notifyReplicas(store, { from: "llm-proxy state rekey", scope: "providers" }).catch(() => {});
    process.stdout.write(
      `re-sealed ${resealed} of ${total} stored provider secrets under key id ${newBox.keyId}; ` +
        "restart every replica with the new state.secret (until then, each keeps the keys it holds)\n",
    );
  } finally {
    await store.close();
  }
}
