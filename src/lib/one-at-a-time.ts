/**
 * `task` with no two runs overlapping: a call made while one runs waits for it and then runs again
 * (so it sees everything that came before the call), and resolves when its own run has.
 */
export function oneAtATime(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return async () => {
    while (running) await running;
    running = task().finally(() => {
      running = undefined;
    });
    return running;
  };
}
