/**
 * The sliding-window counter both limit stores use (the Redis store repeats it in Lua, line for
 * line): a window keeps its own count and the previous window's, and the previous one counts for
 * the part of it that still overlaps the last `windowMs`. One fixed-size record per limit, none per
 * request, and within a few percent of an exact sliding log.
 */
export interface WindowCounts {
  /** floor(time / windowMs) of the current window. */
  index: number;
  current: number;
  previous: number;
}

/** The counts as of window `index`: the current window becomes the previous one, or both expire. */
export function rolled(counts: WindowCounts | undefined, index: number): WindowCounts {
  if (!counts || counts.index < index - 1) return { index, current: 0, previous: 0 };
  if (counts.index === index - 1) return { index, current: 0, previous: counts.current };
  return counts;
}

/** How far into its window `now` is, from 0 to 1. */
export function elapsed(now: number, index: number, windowMs: number): number {
  return (now - index * windowMs) / windowMs;
}

/** The usage the window counts now. */
export function usage(counts: WindowCounts, fraction: number): number {
  return counts.previous * (1 - fraction) + counts.current;
}

/** Milliseconds until `cost` more fits under `limit` (0: it fits now; undefined: it never will, the cost alone is over). */
export function waitMs(counts: WindowCounts, fraction: number, windowMs: number, limit: number, cost: number): number | undefined {
  const { previous, current } = counts;
  if (cost > limit) return undefined;
  if (usage(counts, fraction) + cost <= limit) return 0;
  // Within this window, as the previous window's share fades.
  if (current + cost <= limit) return Math.ceil((1 - (limit - cost - current) / previous - fraction) * windowMs);
  // In the next window, as this window's count (then the previous one) fades.
  return Math.ceil((1 - fraction + (1 - (limit - cost) / current)) * windowMs);
}

/** Milliseconds until the window counts nothing at all (OpenAI's `x-ratelimit-reset-*`). */
export function resetMs(counts: WindowCounts, fraction: number, windowMs: number): number {
  if (counts.current > 0) return Math.ceil((2 - fraction) * windowMs);
  if (counts.previous > 0) return Math.ceil((1 - fraction) * windowMs);
  return 0;
}
