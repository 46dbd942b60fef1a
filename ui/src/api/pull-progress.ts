import type { PullLine } from "./types.js";

/** Where a pull stands, summed over its layers. */
export interface PullProgress {
  /** Ollama's latest words (`pulling manifest`, `pulling 6a0746a1ec1a`, `verifying sha256 digest`). */
  status: string;
  completed: number;
  total: number;
  /** 0–1 once a layer has named its size; undefined before (the bar then shows it is busy). */
  fraction: number | undefined;
  done: boolean;
  /** Bytes of each layer, by digest: a layer reports its own total and completed bytes. */
  layers: Readonly<Record<string, { total: number; completed: number }>>;
}

export const PULL_STARTED: PullProgress = { status: "starting", completed: 0, total: 0, fraction: undefined, done: false, layers: {} };

/** The progress after one line of Ollama's `/api/pull` stream. */
export function advancePull(progress: PullProgress, line: PullLine): PullProgress {
  const layers = { ...progress.layers };
  if (line.digest && typeof line.total === "number") {
    const before = layers[line.digest];
    // A layer's completed count only grows; a line without one keeps what was reached.
    const completed = Math.max(before?.completed ?? 0, line.completed ?? 0);
    layers[line.digest] = { total: line.total, completed: Math.min(completed, line.total) };
  }
  const values = Object.values(layers);
  const total = values.reduce((sum, layer) => sum + layer.total, 0);
  const completed = values.reduce((sum, layer) => sum + layer.completed, 0);
  const done = line.status === "success";
  return {
    status: line.status ?? progress.status,
    completed,
    total,
    fraction: done ? 1 : total > 0 ? completed / total : undefined,
    done,
    layers,
  };
}
