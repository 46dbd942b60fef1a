/** 1, 2, 2.5 or 5 times a power of ten, at least `value`: steps a reader can add up. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 0;
  const power = 10 ** Math.floor(Math.log10(value));
  const factor = [1, 2, 2.5, 5, 10].find((candidate) => candidate * power >= value * (1 - 1e-12))!;
  return factor * power;
}

/**
 * Axis ticks from 0 past `max` in about `count` nice steps; counts (`whole`) step by whole numbers,
 * so 5 requests read 0, 2, 4, 6 rather than 1.25 apart.
 */
export function niceTicks(max: number, count: number, whole: boolean): number[] {
  if (max <= 0) return [0, 1];
  let step = niceCeiling(max / count);
  if (whole) step = Math.max(1, Math.ceil(step));
  const steps = Math.ceil(max / step - 1e-9);
  // Products, not sums: repeated adding of 0.0005 drifts off the values the labels name.
  return Array.from({ length: steps + 1 }, (_, index) => Number((index * step).toPrecision(12)));
}
