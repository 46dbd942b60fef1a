import { CommandError } from "../command-error.js";
import { REKEY_USAGE, rekey } from "./rekey.js";

export const STATE_USAGE = `The state store (state.url):

  ${REKEY_USAGE}`;

/** `llm-proxy state SUBCOMMAND …`. */
export async function runStateCommand(args: string[]): Promise<void> {
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h") {
    process.stdout.write(`${STATE_USAGE}\n`);
    return;
  }
  if (name !== "rekey") throw new CommandError(`unknown state command ${JSON.stringify(name)}\n\n${STATE_USAGE}`);
  await rekey(rest);
}
