import { CREATE_USAGE, createKey } from "./create.js";
import { LIST_USAGE, listKeys } from "./list.js";
import { REVOKE_USAGE, revokeKey } from "./revoke.js";
import { KeysCommandError } from "./store.js";

export const KEYS_USAGE = `Virtual API keys, kept in the state store (state.url):

  ${CREATE_USAGE}
  ${LIST_USAGE}
  ${REVOKE_USAGE}`;

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = { create: createKey, list: listKeys, revoke: revokeKey };

/** `llm-proxy keys SUBCOMMAND …`: what went wrong is a KeysCommandError (or a parseArgs error) for the caller to print. */
export async function runKeysCommand(args: string[]): Promise<void> {
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h") {
    process.stdout.write(`${KEYS_USAGE}\n`);
    return;
  }
  const command = COMMANDS[name];
  if (!command) throw new KeysCommandError(`unknown keys command ${JSON.stringify(name)}\n\n${KEYS_USAGE}`);
  await command(rest);
}
