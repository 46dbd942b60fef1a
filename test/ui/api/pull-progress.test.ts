import { describe, expect, it } from "vitest";
import { advancePull, PULL_STARTED } from "../../../ui/src/api/pull-progress.js";
import type { PullLine } from "../../../ui/src/api/types.js";

// Ollama's /api/pull stream as its API documentation shows it: a manifest line, per-layer byte counts, then the closing steps.
const LINES: PullLine[] = [
  { status: "pulling manifest" },
  { status: "pulling 6a0746a1ec1a", digest: "sha256:6a0746a1ec1a", total: 2_000 },
  { status: "pulling 6a0746a1ec1a", digest: "sha256:6a0746a1ec1a", total: 2_000, completed: 500 },
  { status: "pulling 4fa551d4f938", digest: "sha256:4fa551d4f938", total: 1_000, completed: 1_000 },
  { status: "pulling 6a0746a1ec1a", digest: "sha256:6a0746a1ec1a", total: 2_000, completed: 2_000 },
  { status: "verifying sha256 digest" },
  { status: "writing manifest" },
  { status: "success" },
];

describe("advancePull", () => {
  it("sums the layers' bytes into one fraction that only grows, and is done on success", () => {
    const seen = [];
    let progress = PULL_STARTED;
    for (const line of LINES) {
      progress = advancePull(progress, line);
      seen.push([progress.status, progress.completed, progress.total, progress.fraction, progress.done]);
    }
    expect(seen).toEqual([
      ["pulling manifest", 0, 0, undefined, false],
      ["pulling 6a0746a1ec1a", 0, 2_000, 0, false],
      ["pulling 6a0746a1ec1a", 500, 2_000, 0.25, false],
      ["pulling 4fa551d4f938", 1_500, 3_000, 0.5, false],
      ["pulling 6a0746a1ec1a", 3_000, 3_000, 1, false],
      ["verifying sha256 digest", 3_000, 3_000, 1, false],
      ["writing manifest", 3_000, 3_000, 1, false],
      ["success", 3_000, 3_000, 1, true],
    ]);
  });

  it("keeps a layer's bytes when a later line of it names none, and never counts past its total", () => {
    let progress = advancePull(PULL_STARTED, { status: "pulling a", digest: "a", total: 100, completed: 60 });
    progress = advancePull(progress, { status: "pulling a", digest: "a", total: 100 });
    expect(progress.completed).toBe(60);
    progress = advancePull(progress, { status: "pulling a", digest: "a", total: 100, completed: 250 });
    expect(progress).toMatchObject({ completed: 100, fraction: 1 });
  });
});
