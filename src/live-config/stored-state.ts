import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import { StoredProviders, type StoredProvider } from "../state/providers.js";
import { SealedValueError, type SecretBox } from "../state/secret-box.js";
import type { StateTables } from "../state/tables.js";

/** What a stored provider keeps sealed: its key and the headers that carry secrets. */
export interface ProviderSecrets {
  api_key?: string;
  headers?: Record<string, string>;
}

/** A stored provider as read: the row, and its secrets opened. */
export interface DecodedProvider {
  readonly row: StoredProvider;
  /** Opened from `row.secrets`; empty when it has none or they cannot be opened (see `problem`). */
  readonly secrets: ProviderSecrets;
  /** Why the secrets could not be opened; undefined when they could. */
  readonly problem: string | undefined;
}

/** Everything the admin API keeps that the running config is built from, beside config.yaml. */
export interface StoredState {
  readonly providers: readonly DecodedProvider[];
  /** config.yaml's providers switched on (true) or off (false). */
  readonly overrides: ReadonlyMap<string, boolean>;
  /** Changes with any row: a re-read that finds the same state is not built again. */
  readonly fingerprint: string;
}

export const EMPTY_STORED_STATE: StoredState = { providers: [], overrides: new Map(), fingerprint: "" };

/** Where a provider's secrets are sealed: a sealed value copied to another row does not open there. */
export function secretsContext(name: string): string {
  return `providers/${name}`;
}

/**
 * Reads the stored providers and overrides and opens their secrets. A value sealed under another
 * `state.secret` (after `llm-proxy state rekey`, on a replica not yet restarted with the new
 * secret) keeps the secrets `previous` had for that provider, so rotating the secret takes no
 * provider out of service; one that cannot be opened at all leaves that provider keyless, with a
 * `problem` to show.
 */
export async function readStoredState(
  db: Kysely<StateTables>,
  box: SecretBox | undefined,
  previous: StoredState = EMPTY_STORED_STATE,
): Promise<StoredState> {
  const repository = new StoredProviders(db);
  const [rows, overrideRows] = await Promise.all([repository.list(), repository.overrides()]);
  const fingerprint = createHash("sha256")
    .update(JSON.stringify([rows, overrideRows]))
    .digest("base64url");
  if (fingerprint === previous.fingerprint) return previous;
  const before = new Map(previous.providers.map((provider) => [provider.row.name, provider]));
  return {
    providers: rows.map((row) => decodeProvider(row, box, before.get(row.name))),
    overrides: new Map(overrideRows.map((row) => [row.name, row.enabled === 1])),
    fingerprint,
  };
}

/** One stored row with its secrets opened (see readStoredState for `before`). */
export function decodeProvider(row: StoredProvider, box: SecretBox | undefined, before?: DecodedProvider): DecodedProvider {
  if (row.secrets === null) return { row, secrets: {}, problem: undefined };
  if (!box) return { row, secrets: {}, problem: "its key is stored encrypted and state.secret is not set" };
  try {
    return { row, secrets: JSON.parse(box.open(row.secrets, secretsContext(row.name))) as ProviderSecrets, problem: undefined };
  } catch (error) {
    const sealedElsewhere = error instanceof SealedValueError && error.otherKey;
    if (sealedElsewhere && before && !before.problem) return { row, secrets: before.secrets, problem: undefined };
    const reason = error instanceof SealedValueError ? error.message : "its sealed secrets are not JSON";
    return { row, secrets: {}, problem: `its key cannot be decrypted: ${reason}` };
  }
}
