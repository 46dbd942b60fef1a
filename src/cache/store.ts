/** Where cached answers live. A store may fail (Redis down); the ResponseCache turns failures into "uncached". */
export interface CacheStore {
  readonly name: "memory" | "redis";
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  /** Whether the store answers now (for /readyz). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
