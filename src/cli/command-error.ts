/** A command (`keys`, `providers`, `state`) could not do what was asked; the message says why, and the process exits 1. */
export class CommandError extends Error {
  override name = "CommandError";
}
