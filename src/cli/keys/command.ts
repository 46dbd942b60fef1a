import { CREATE_USAGE, createKey } from "./create.js";
import { LIST_USAGE, listKeys } from "./list.js";
import { REVOKE_USAGE, revokeKey } from "./revoke.js";
import { runSubcommand } from "../subcommands.js";

export const KEYS_USAGE = `Virtual API keys, kept in the state store (state.url):

  ${CREATE_USAGE}
  ${LIST_USAGE}
  ${REVOKE_USAGE}`;

/** `llm-proxy keys SUBCOMMAND …`: what went wrong is a CommandError (or a parseArgs error) for the caller to print. */
export function runKeysCommand(args: string[]): Promise<void> {
  return runSubcommand("keys", KEYS_USAGE, { create: createKey, list: listKeys, revoke: revokeKey }, args);
}
