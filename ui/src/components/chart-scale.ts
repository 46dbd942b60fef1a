/** 1, 2, 2.5 or 5 times a power of ten, at least `value`: axis ticks a reader can add up. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 0;
  const power = 10 ** Math.floor(Math.log10(value));
  const factor = [1, 2, 2.5, 5, 10].find((candidate) => candidate * power >= value * (1 - 1e-12))!;
  return factor * power;
}
