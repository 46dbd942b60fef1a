import { CommandError } from "../command-error.js";
import { LIST_USAGE, listProviders } from "./list.js";
import { TEST_USAGE, testProvider } from "./test.js";

export const PROVIDERS_USAGE = `Providers, from the config file and from the state store (the admin API's):

  ${LIST_USAGE}
  ${TEST_USAGE}`;

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = { list: listProviders, test: testProvider };

/** `llm-proxy providers SUBCOMMAND …`. */
export async function runProvidersCommand(args: string[]): Promise<void> {
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h") {
    process.stdout.write(`${PROVIDERS_USAGE}\n`);
    return;
  }
  const command = COMMANDS[name];
  if (!command) throw new CommandError(`unknown providers command ${JSON.stringify(name)}\n\n${PROVIDERS_USAGE}`);
  await command(rest);
}
