import { CommandError } from "./command-error.js";

export type Subcommand = (args: string[]) => Promise<void>;

/** `llm-proxy GROUP SUBCOMMAND …`: the usage for none (or --help), a CommandError for one it does not know. */
export async function runSubcommand(group: string, usage: string, commands: Record<string, Subcommand>, args: string[]): Promise<void> {
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h") {
    process.stdout.write(`${usage}\n`);
    return;
  }
  if (!Object.hasOwn(commands, name)) throw new CommandError(`unknown ${group} command ${JSON.stringify(name)}\n\n${usage}`);
  await commands[name]!(rest);
}
