import type { RedisConnection } from "../redis/connection.js";
import type { CooldownConfig } from "./config.js";
import type { Cooldowns, SharedCooldowns } from "./cooldowns.js";

/** How often a replica reads the cooldowns the others decided. */
export const POLL_INTERVAL_MS = 1000;

/**
 * Takes a target out of rotation until ARGV[2] unless it already is for longer. A new cooldown
 * starts a fresh failure window and frees the probe, so that one request can probe once it ends.
 * KEYS: the hash of cooldowns, the probe key, the window counter. ARGV: hash field, until.
 */
const COOL = `
local current = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0')
if tonumber(ARGV[2]) > current then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  redis.call('DEL', KEYS[2], KEYS[3])
end`;

/**
 * Counts a failure in the target's window (which starts with its first failure) and, at the
 * threshold, takes the target out of rotation. KEYS as COOL's. ARGV: hash field, until, window
 * ms, failures.
 */
const FAILURE_SCRIPT = `
local count = redis.call('INCR', KEYS[3])
if count == 1 then redis.call('PEXPIRE', KEYS[3], ARGV[3]) end
if count < tonumber(ARGV[4]) then return 0 end
${COOL}
return 1`;

const COOL_SCRIPT = `${COOL}
return 0`;

/**
 * Cooldowns shared by every replica on one Redis: a hash of target → epoch ms its cooldown ends,
 * a failure counter per target that expires with its window, and a probe key that one request
 * wins with SET NX. Every command fails fast (see RedisConnection); callers fall back to their
 * own view.
 */
export class RedisCooldowns implements SharedCooldowns {
  private readonly hash: string;

  constructor(private readonly redis: RedisConnection) {
    this.hash = `${redis.prefix}cooldown:until`;
  }

  async failure(key: string, config: CooldownConfig, until: number): Promise<boolean> {
    await this.redis.connected();
    const counter = `${this.redis.prefix}cooldown:failures:${key}`;
    const windowMs = Math.round(config.window_s * 1000);
    const tripped = await this.redis.client.eval(
      FAILURE_SCRIPT,
      3,
      this.hash,
      this.probeKey(key),
      counter,
      key,
      until,
      windowMs,
      config.failures,
    );
    return tripped === 1;
  }

  async cool(key: string, until: number): Promise<void> {
    await this.redis.connected();
    await this.redis.client.eval(COOL_SCRIPT, 3, ...this.keysOf(key), key, until);
  }

  async claimProbe(key: string, ttlMs: number): Promise<boolean> {
    await this.redis.connected();
    return (await this.redis.client.set(this.probeKey(key), "1", "PX", Math.max(1, Math.round(ttlMs)), "NX")) === "OK";
  }

  async releaseProbe(key: string): Promise<void> {
    await this.redis.connected();
    await this.redis.client.del(this.probeKey(key));
  }

  async recovered(key: string): Promise<void> {
    await this.redis.connected();
    await this.redis.client.multi().hdel(this.hash, key).del(this.probeKey(key)).exec();
  }

  async read(): Promise<Map<string, number>> {
    await this.redis.connected();
    const entries = await this.redis.client.hgetall(this.hash);
    const view = new Map<string, number>();
    for (const [key, until] of Object.entries(entries)) {
      const value = Number(until);
      if (Number.isFinite(value)) view.set(key, value);
    }
    return view;
  }

  async forget(keys: string[]): Promise<void> {
    await this.redis.connected();
    await this.redis.client.hdel(this.hash, ...keys);
  }

  /** The keys COOL works on. */
  private keysOf(key: string): [string, string, string] {
    return [this.hash, this.probeKey(key), `${this.redis.prefix}cooldown:failures:${key}`];
  }

  private probeKey(key: string): string {
    return `${this.redis.prefix}cooldown:probe:${key}`;
  }
}

/**
 * Reads the shared cooldowns into this replica's view every POLL_INTERVAL_MS, off the request
 * path. A poll that fails leaves the view as it is. Returns the function that stops polling.
 */
export function pollSharedCooldowns(shared: SharedCooldowns, cooldowns: Cooldowns, config: () => CooldownConfig): () => void {
  let polling = false;
  const timer = setInterval(() => {
    if (polling) return;
    polling = true;
    const started = Date.now();
    shared
      .read()
      .then(
        (view) => {
          const settings = config();
          cooldowns.merge(view, started - POLL_INTERVAL_MS, settings);
          // Cooldowns no request came to probe for a whole window are over; the hash must not grow without end.
          const stale = [...view].filter(([, until]) => until + settings.window_s * 1000 < started).map(([key]) => key);
          if (stale.length > 0) return shared.forget(stale);
        },
        () => {},
      )
      .catch(() => {})
      .finally(() => {
        polling = false;
      });
  }, POLL_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
