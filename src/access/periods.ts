import type { PeriodStarts } from "../state/spend.js";
import type { BudgetPeriod } from "./config.js";

const DAY_MS = 86_400_000;

const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);

let cached: { dayIndex: number; starts: PeriodStarts } | undefined;

/** The first day of the current UTC day, ISO week (Monday) and month; worked out once a day, asked per request. */
export function periodStarts(now: number): PeriodStarts {
  const dayIndex = Math.floor(now / DAY_MS);
  if (cached?.dayIndex !== dayIndex) cached = { dayIndex, starts: computeStarts(now) };
  return cached.starts;
}

function computeStarts(now: number): PeriodStarts {
  const date = new Date(now);
  const weekday = (date.getUTCDay() + 6) % 7;
  return {
    day: isoDay(now),
    week: isoDay(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - weekday)),
    month: isoDay(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1)),
  };
}

/** When the current period ends (undefined: `total` never does). */
export function periodEnd(period: BudgetPeriod, now: number): number | undefined {
  const date = new Date(now);
  const [year, month, day] = [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()];
  switch (period) {
    case "day":
      return Date.UTC(year, month, day + 1);
    case "week":
      return Date.UTC(year, month, day - ((date.getUTCDay() + 6) % 7) + 7);
    case "month":
      return Date.UTC(year, month + 1, 1);
    case "total":
      return undefined;
  }
}

/** Names the current period in keys and messages: its first day, or `total`. */
export function periodKey(period: BudgetPeriod, starts: PeriodStarts): string {
  return period === "total" ? "total" : starts[period];
}

/** How long a running total of the current period is worth keeping: its rest, and a day to spare (`total`: a month, renewed by use). */
export function periodTtlMs(period: BudgetPeriod, now: number): number {
  const end = periodEnd(period, now);
  return (end === undefined ? 30 * DAY_MS : end - now) + DAY_MS;
}

export const PERIOD_WORDS: Record<BudgetPeriod, string> = { day: "daily", week: "weekly", month: "monthly", total: "total" };
