import { runSubcommand } from "../subcommands.js";
import { LIST_USAGE, listProviders } from "./list.js";
import { TEST_USAGE, testProvider } from "./test.js";

export const PROVIDERS_USAGE = `Providers, from the config file and from the state store (the admin API's):

  ${LIST_USAGE}
  ${TEST_USAGE}`;

/** `llm-proxy providers SUBCOMMAND …`. */
export function runProvidersCommand(args: string[]): Promise<void> {
  return runSubcommand("providers", PROVIDERS_USAGE, { list: listProviders, test: testProvider }, args);
}
