import type { Registry } from "prom-client";
import type { Config } from "../config/schema.js";
import { hasLimits, type BudgetPeriod } from "./config.js";
import type { Logger } from "../log.js";
import type { RedisConnection } from "../redis/connection.js";
import { SpendRecords } from "../state/spend.js";
import type { StateStore } from "../state/store.js";
import { VirtualKeys } from "../state/virtual-keys.js";
import { AdmissionControl, type AdmissionDeps } from "./admission.js";
import { Authenticator } from "./authenticator.js";
import { EMPTY_KEY_TABLE, KeyTable } from "./key-table.js";
import { MemoryLimitStore } from "./limits/memory-store.js";
import { RedisLimitStore } from "./limits/redis-store.js";
import type { LimitStore } from "./limits/store.js";
import { AccessMetrics } from "./metrics.js";
import { MASTER_NAME, principalOf } from "./principal.js";
import { SpendLedger } from "./spend-ledger.js";

export interface AccessDeps {
  logger: Logger;
  /** The shared Redis (`redis.url`): limits and budgets then hold across replicas. */
  redis: RedisConnection | undefined;
  /** The metrics registry, when metrics are on. */
  registry: Registry | undefined;
}

/**
 * API keys, rate limits and budgets, built once at start (docs/ARCHITECTURE.md, "Access"). Holds
 * the virtual keys in memory, read from the state store at start and every `state.poll_seconds`
 * (`refreshKeys` is the one call an instant change notification makes), the limit store (Redis
 * when `redis.url` is set, else memory) and the spend ledger.
 */
export class AccessControl {
  readonly authenticator: Authenticator;
  readonly admissions: AdmissionControl;
  readonly metrics: AccessMetrics | undefined;
  private virtualKeyTable = EMPTY_KEY_TABLE;
  private virtualKeys: VirtualKeys | undefined;
  /** Shared with the admissions, which find the ledger there once the store is open. */
  private readonly admissionDeps: AdmissionDeps;
  private poller: NodeJS.Timeout | undefined;
  private refreshFailing = false;
  private readonly limitStore: LimitStore;

  constructor(
    private readonly config: Config,
    private readonly deps: AccessDeps,
  ) {
    this.limitStore = deps.redis ? new RedisLimitStore(deps.redis) : new MemoryLimitStore();
    this.metrics = deps.registry
      ? new AccessMetrics(deps.registry, configuredKeyNames(config), config.metrics.max_key_labels, this.limitStore.name)
      : undefined;
    this.authenticator = new Authenticator(
      () => this.virtualKeyTable,
      (reason) => this.metrics?.refused("none", reason),
    );
    this.admissionDeps = { store: this.limitStore, ledger: undefined, metrics: this.metrics, logger: deps.logger };
    this.admissions = new AdmissionControl(this.admissionDeps);
  }

  /** With the state store (when the config has one): reads the spend totals and the virtual keys; before the proxy takes requests. */
  async start(state: StateStore | undefined): Promise<void> {
    if (!state) return;
    const ledger = new SpendLedger(new SpendRecords(state.db), this.deps.logger);
    await ledger.start(this.config.state.flush_seconds);
    this.admissionDeps.ledger = ledger;
    if (this.config.auth) {
      this.virtualKeys = new VirtualKeys(state.db);
      await this.refreshKeys();
      this.poller = setInterval(() => void this.refreshKeys().catch(() => {}), this.config.state.poll_seconds * 1000);
      this.poller.unref();
    }
  }

  /** Reads the virtual keys again; a failure keeps the keys read last (and is logged once until it passes). */
  async refreshKeys(): Promise<void> {
    if (!this.virtualKeys) return;
    try {
      const active = await this.virtualKeys.active();
      this.virtualKeyTable = new KeyTable(
        active.map(({ key, hash }) => ({ hash, principal: principalOf(`vk:${key.id}`, key.name, key.rules) })),
      );
      if (this.refreshFailing) this.deps.logger.info("virtual keys are read from the state store again");
      this.refreshFailing = false;
    } catch (error) {
      if (!this.refreshFailing)
        this.deps.logger.error("could not read virtual keys from the state store; the keys read last stay in use", { error });
      this.refreshFailing = true;
      throw error;
    }
  }

  /** What this replica knows a key spent in its budget's current period (the store's total and its own spend since). */
  spentUsd(principalId: string, period: BudgetPeriod): number {
    return this.admissionDeps.ledger?.spent(principalId, period) ?? 0;
  }

  /** A reloaded config: its key names always get their own metric label. */
  useConfig(config: Config): void {
    this.metrics?.useKnownKeys(configuredKeyNames(config));
  }

  /** Writes the spend still in memory (the state store closes after this). */
  async close(): Promise<void> {
    clearInterval(this.poller);
    await this.admissionDeps.ledger?.close();
  }
}

/** Whether the config asks for any access control at all; without it the proxy builds none. */
export function accessConfigured(config: Config): boolean {
  return config.auth !== undefined || hasLimits(config.limits);
}

function configuredKeyNames(config: Config): Set<string> {
  return new Set([MASTER_NAME, ...(config.auth?.keys.map((entry) => entry.name) ?? [])]);
}

/** The client keys of the config, the state store's password and its secret: never to appear in a log line. */
export function accessSecrets(config: Config): string[] {
  const secrets = config.auth
    ? [...(config.auth.master_key === undefined ? [] : [config.auth.master_key]), ...config.auth.keys.map((entry) => entry.key)]
    : [];
  const password = config.state.url?.startsWith("postgres") ? URL.parse(config.state.url)?.password : undefined;
  if (password) secrets.push(decodeURIComponent(password));
  if (config.state.secret) secrets.push(config.state.secret);
  return secrets;
}
