/**
 * What the admission asks of a limit store (memory or Redis): check every limit of a request and
 * reserve them all at once, or none; later settle the reservation to what the request used.
 * Both stores answer alike for the same input (tests run one suite against both).
 */

/** A request's cost against one sliding window. */
export interface WindowRequest {
  key: string;
  limit: number;
  windowMs: number;
  cost: number;
}

/** One window as the admission found it. */
export interface WindowState {
  /** The window the cost went into (settling adjusts that one). */
  index: number;
  /** Usage before this request, rounded up. */
  used: number;
  /** Milliseconds until the window counts nothing (it resets to its initial state), with this request's cost when it fits. */
  resetMs: number;
  /** Milliseconds until the cost fits: 0 when it does now, -1 when it never will. */
  retryMs: number;
}

export interface BudgetRequest {
  key: string;
  /** Amounts are integer nano-dollars, so running totals add up exactly. */
  limitNano: number;
  reserveNano: number;
  /** What this replica knows was spent (the state store's total plus its own unflushed spend). */
  knownSpentNano: number;
  /** How long the running total is kept: past the end of its period. */
  ttlMs: number;
}

export interface AdmitInput {
  /** Unique per request: its in-flight and budget reservations are leased under it. */
  id: string;
  windows: WindowRequest[];
  parallel: { key: string; limit: number } | undefined;
  budget: BudgetRequest | undefined;
}

/** Every result carries the windows as found, so each answer can say how much room is left. */
export type AdmitResult =
  | { status: "admitted"; windows: WindowState[] }
  | { status: "window"; refused: number; windows: WindowState[] }
  | { status: "parallel"; inFlight: number; windows: WindowState[] }
  | { status: "budget"; spentNano: number; reservedNano: number; windows: WindowState[] };

export interface SettleInput {
  id: string;
  /** Token windows whose reservation turns into the real count (`delta` = real − reserved). */
  windows: { key: string; index: number; delta: number }[];
  parallelKey: string | undefined;
  budget: { key: string; reservedNano: number; actualNano: number; knownSpentNano: number; ttlMs: number } | undefined;
}

export interface LimitStore {
  readonly name: "memory" | "redis";
  /** Throws only when the store cannot be reached (the caller fails open or closed). */
  admit(input: AdmitInput): AdmitResult | Promise<AdmitResult>;
  settle(input: SettleInput): void | Promise<void>;
}

/**
 * How long a request's in-flight slot and budget reservation live when no settle comes (a replica
 * that crashed mid-request): longer than nearly any request, short enough that a crash does not
 * hold a key's budget for long.
 */
export const LEASE_MS = 15 * 60_000;
