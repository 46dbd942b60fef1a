import type { CooldownConfig } from "./config.js";

/**
 * A target's place in rotation: `ok`; `cooling` (out of rotation until its cooldown ends); `probe`
 * (the cooldown ended and no request has shown it healthy yet: one request may try it).
 */
export type TargetHealth = "ok" | "cooling" | "probe";

/** The longest an upstream's Retry-After keeps a target out of rotation (an hour, whatever it says). */
export const MAX_RETRY_AFTER_COOLDOWN_MS = 3_600_000;
/** After losing a shared probe, how long this replica counts the target as held. */
const ASK_AGAIN_MS = 1000;
/** Targets tracked at most; beyond, finished windows and cooldowns are swept. */
const SWEEP_AT = 1000;

interface Cooling {
  provider: string;
  /** Epoch ms when the target may be probed. */
  until: number;
  /** Epoch ms after which an unprobed target returns to rotation by itself (no traffic came to probe it). */
  forgetAt: number;
  /** Epoch ms until which a probe request holds the target. */
  probeHeldUntil: number;
  /** Epoch ms of the last local change, so a shared view polled before it does not undo it. */
  changedAt: number;
}

interface FailureWindow {
  count: number;
  endsAt: number;
}

/** Where replicas share cooldowns (Redis); every method may fail, and the local view then serves alone. */
export interface SharedCooldowns {
  /** Counts a failure in the shared window; resolves true when it took the target out of rotation until `until`. */
  failure(key: string, config: CooldownConfig, until: number): Promise<boolean>;
  /** Takes the target out of rotation until `until` (unless it already is for longer). */
  cool(key: string, until: number): Promise<void>;
  /** One replica's request wins the probe; resolves whether this one did. */
  claimProbe(key: string, ttlMs: number): Promise<boolean>;
  /** A probe request did not use its target: another may probe it. */
  releaseProbe(key: string): Promise<void>;
  /** A probe succeeded: the target is back in rotation everywhere. */
  recovered(key: string): Promise<void>;
  /** Every target out of rotation (key → until). */
  read(): Promise<Map<string, number>>;
  /** Drops cooldowns that ended long ago without a probe. */
  forget(keys: string[]): Promise<void>;
}

/**
 * Which targets are out of rotation. The plan reads it on every request, so reading is a Map
 * lookup in this process (and nothing at all while no target cools); a failure updates it at
 * once, and with a shared store the other replicas learn of it when they next poll the store.
 * Keys are `provider/upstream model`.
 */
export class Cooldowns {
  private readonly cooling = new Map<string, Cooling>();
  private readonly windows = new Map<string, FailureWindow>();

  constructor(
    private readonly shared: SharedCooldowns | undefined,
    /** Told each time this replica takes a target out of rotation. */
    private readonly onCooldown: (provider: string) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  /** No target is out of rotation: nothing to check (the path without faults). */
  get quiet(): boolean {
    return this.cooling.size === 0;
  }

  health(key: string): TargetHealth {
    const entry = this.cooling.get(key);
    if (!entry) return "ok";
    const now = this.now();
    if (now >= entry.forgetAt) {
      this.cooling.delete(key);
      return "ok";
    }
    if (now < entry.until || now < entry.probeHeldUntil) return "cooling";
    return "probe";
  }

  /** When a cooling target may be probed (0 when it is not cooling). */
  until(key: string): number {
    return this.cooling.get(key)?.until ?? 0;
  }

  /** Claims the probe of a target in `probe` health for one request; false when another has it. */
  claimProbe(key: string, ttlMs: number): boolean | Promise<boolean> {
    const entry = this.cooling.get(key);
    if (!entry) return true;
    const held = this.now() + ttlMs;
    if (!this.shared) return this.holdLocally(entry, held);
    return this.shared.claimProbe(key, ttlMs).then(
      (won) => {
        // Lost to another replica's request: this replica asks again only after a while, not per request.
        entry.probeHeldUntil = won ? held : this.now() + ASK_AGAIN_MS;
        return won;
      },
      () => this.holdLocally(entry, held),
    );
  }

  /** A probe request did not use its target after all (an earlier candidate answered). */
  releaseProbe(key: string): void {
    const entry = this.cooling.get(key);
    if (!entry || entry.probeHeldUntil === 0) return;
    entry.probeHeldUntil = 0;
    this.shared?.releaseProbe(key).catch(() => {});
  }

  /**
   * A retryable failure of a target. `failures` of them within `window_s` take it out of rotation
   * for `duration_s`, or for the upstream's Retry-After when that is longer; so does one failure of
   * a target tried while out of rotation (`onTrial`: a probe, a last resort). Returns whether the
   * target is out of rotation now.
   */
  failure(key: string, provider: string, config: CooldownConfig, retryAfterMs: number | undefined, onTrial: boolean): boolean {
    if (config.failures === 0) return false;
    const now = this.now();
    const durationMs = Math.max(config.duration_s * 1000, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_COOLDOWN_MS));
    const until = now + durationMs;
    if (!onTrial && this.countFailure(key, config, now).count < config.failures) {
      // The replicas' failures add up in the shared window, which may end the target's turn before this one's do.
      this.shared?.failure(key, config, until).then(
        (tripped) => tripped && this.set(key, provider, until, config, true),
        () => {},
      );
      return this.health(key) === "cooling";
    }
    this.windows.delete(key);
    this.set(key, provider, until, config, true);
    this.shared?.cool(key, until).catch(() => {});
    return true;
  }

  /** Out of rotation now for `ms` (an upstream asked for a longer wait than a request may spend). */
  coolFor(key: string, provider: string, config: CooldownConfig, ms: number): void {
    if (config.failures === 0) return;
    const until = this.now() + Math.min(ms, MAX_RETRY_AFTER_COOLDOWN_MS);
    this.set(key, provider, until, config, true);
    this.shared?.cool(key, until).catch(() => {});
  }

  /** A request to a target that was cooling got its answer: back in full rotation. */
  recovered(key: string): void {
    if (!this.cooling.delete(key)) return;
    this.windows.delete(key);
    this.shared?.recovered(key).catch(() => {});
  }

  /** Targets out of rotation right now, by provider (for the gauge). */
  coolingByProvider(): Map<string, number> {
    const now = this.now();
    const counts = new Map<string, number>();
    for (const entry of this.cooling.values()) {
      if (entry.until > now) counts.set(entry.provider, (counts.get(entry.provider) ?? 0) + 1);
    }
    return counts;
  }

  /**
   * Takes in the shared view (key → until): targets another replica took out of rotation, and the
   * end of those one of them saw recover. Local changes newer than `since` stand.
   */
  merge(view: Map<string, number>, since: number, config: CooldownConfig): void {
    for (const [key, until] of view) {
      const entry = this.cooling.get(key);
      if (entry) {
        if (until > entry.until) entry.until = until;
      } else if (until + config.window_s * 1000 > this.now()) {
        this.set(key, key.slice(0, key.indexOf("/")), until, config, false);
      }
    }
    for (const [key, entry] of this.cooling) if (!view.has(key) && entry.changedAt < since) this.cooling.delete(key);
  }

  private countFailure(key: string, config: CooldownConfig, now: number): FailureWindow {
    let window = this.windows.get(key);
    if (!window || window.endsAt <= now) {
      if (this.windows.size >= SWEEP_AT) sweep(this.windows, (entry) => entry.endsAt <= now);
      window = { count: 0, endsAt: now + config.window_s * 1000 };
      this.windows.set(key, window);
    }
    window.count++;
    return window;
  }

  /** `counted`: this replica's own decision (told to onCooldown), not one learnt from the shared view. */
  private set(key: string, provider: string, until: number, config: CooldownConfig, counted: boolean): void {
    const now = this.now();
    const entry = this.cooling.get(key);
    if (entry && entry.until >= until) return;
    if (!entry && this.cooling.size >= SWEEP_AT) sweep(this.cooling, (cooling) => cooling.forgetAt <= now);
    this.cooling.set(key, {
      provider,
      until,
      forgetAt: until + config.window_s * 1000,
      probeHeldUntil: 0,
      changedAt: now,
    });
    if (counted) this.onCooldown(provider);
  }

  private holdLocally(entry: Cooling, held: number): boolean {
    if (entry.probeHeldUntil > this.now()) return false;
    entry.probeHeldUntil = held;
    return true;
  }
}

function sweep<V>(map: Map<string, V>, done: (value: V) => boolean): void {
  for (const [key, value] of map) if (done(value)) map.delete(key);
}
