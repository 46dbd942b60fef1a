/** How the console writes numbers, money, sizes and times; English, in the viewer's time zone. */

const integer = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
const compact = new Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 });

export function formatCount(value: number): string {
  return integer.format(value);
}

/** 1.2K, 3.4M: for axes and tiles where the exact figure is in a table nearby. */
export function formatCompact(value: number): string {
  return compact.format(value);
}

/** Dollars to the cent; below a dollar to two significant digits, since a request costs fractions of a cent. */
export function formatUsd(value: number): string {
  if (value === 0) return "$0.00";
  if (Math.abs(value) >= 1) return `$${value.toLocaleString("en", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  const digits = value.toLocaleString("en", { maximumSignificantDigits: 2 });
  const decimals = digits.split(".")[1]?.length ?? 0;
  return `$${decimals >= 2 ? digits : Number(digits).toFixed(2)}`;
}

const BYTE_UNITS = ["B", "KB", "MB", "GB", "TB"];

/** Decimal units, as Ollama and disk vendors count. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value.toLocaleString("en", { maximumFractionDigits: unit === 0 ? 0 : 1 })} ${BYTE_UNITS[unit]}`;
}

export function formatDateTime(iso: string | null): string {
  if (!iso) return "—";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString("en", { dateStyle: "medium", timeStyle: "short" });
}

export function formatDate(iso: string | null): string {
  if (!iso) return "—";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleDateString("en", { dateStyle: "medium" });
}
