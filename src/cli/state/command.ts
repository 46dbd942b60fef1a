import { runSubcommand } from "../subcommands.js";
import { REKEY_USAGE, rekey } from "./rekey.js";

export const STATE_USAGE = `The state store (state.url):

  ${REKEY_USAGE}`;

/** `llm-proxy state SUBCOMMAND …`. */
export function runStateCommand(args: string[]): Promise<void> {
  return runSubcommand("state", STATE_USAGE, { rekey }, args);
}
