import { elapsed, resetMs, rolled, usage, waitMs, type WindowCounts } from "./window.js";
import type { AdmitInput, AdmitResult, LimitStore, SettleInput, WindowState } from "./store.js";

/**
 * Limits kept in this process: exact for one replica; with several, each enforces its own windows
 * (configure `redis.url` to share them). Admission is synchronous, so it adds no turn of the event
 * loop to a request.
 */
export class MemoryLimitStore implements LimitStore {
  readonly name = "memory";
  private readonly windows = new Map<string, WindowCounts>();
  private readonly inFlight = new Map<string, Set<string>>();
  /** Budget reservations in flight, by budget key then request id. */
  private readonly reservations = new Map<string, Map<string, number>>();

  constructor(private readonly now: () => number = Date.now) {}

  admit(input: AdmitInput): AdmitResult {
    const now = this.now();
    const states: WindowState[] = [];
    const counts: WindowCounts[] = [];
    let refused = -1;
    input.windows.forEach((window, position) => {
      const index = Math.floor(now / window.windowMs);
      const current = rolled(this.windows.get(window.key), index);
      const fraction = elapsed(now, index, window.windowMs);
      const retry = waitMs(current, fraction, window.windowMs, window.limit, window.cost);
      if (retry !== 0 && refused === -1) refused = position;
      counts.push(current);
      states.push({
        index,
        used: Math.ceil(usage(current, fraction)),
        // After this request, when it is admitted: what the headers of its answer describe.
        resetMs: resetMs(retry === 0 ? { ...current, current: current.current + window.cost } : current, fraction, window.windowMs),
        retryMs: retry ?? -1,
      });
    });
    if (refused !== -1) return { status: "window", refused, windows: states };

    const parallel = input.parallel && (this.inFlight.get(input.parallel.key) ?? new Set<string>());
    if (input.parallel && parallel!.size >= input.parallel.limit) return { status: "parallel", inFlight: parallel!.size, windows: states };

    const budget = input.budget;
    const held = budget && (this.reservations.get(budget.key) ?? new Map<string, number>());
    if (budget) {
      let reservedNano = 0;
      for (const amount of held!.values()) reservedNano += amount;
      const spentNano = budget.knownSpentNano;
      if (spentNano >= budget.limitNano || spentNano + reservedNano + budget.reserveNano > budget.limitNano) {
        return { status: "budget", spentNano, reservedNano, windows: states };
      }
    }

    input.windows.forEach((window, position) => {
      const current = counts[position]!;
      this.windows.set(window.key, { ...current, current: current.current + window.cost });
    });
    if (input.parallel) this.inFlight.set(input.parallel.key, parallel!.add(input.id));
    if (budget) this.reservations.set(budget.key, held!.set(input.id, budget.reserveNano));
    return { status: "admitted", windows: states };
  }

  settle(input: SettleInput): void {
    for (const window of input.windows) {
      const counts = this.windows.get(window.key);
      if (!counts) continue;
      if (counts.index === window.index) counts.current = Math.max(0, counts.current + window.delta);
      else if (counts.index === window.index + 1) counts.previous = Math.max(0, counts.previous + window.delta);
    }
    if (input.parallelKey) removeLease(this.inFlight, input.parallelKey, input.id);
    // The spend itself is the ledger's; here only the reservation ends.
    if (input.budget) removeLease(this.reservations, input.budget.key, input.id);
  }
}

/** Ends a lease; an emptied entry goes too, so a past period's budget key does not stay behind. */
function removeLease(leases: Map<string, Set<string> | Map<string, number>>, key: string, id: string): void {
  const held = leases.get(key);
  if (!held) return;
  held.delete(id);
  if (held.size === 0) leases.delete(key);
}
