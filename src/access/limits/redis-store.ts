import type { RedisConnection } from "../../redis/connection.js";
import { ADMIT_SCRIPT, SETTLE_SCRIPT } from "./redis-scripts.js";
import { LEASE_MS, type AdmitInput, type AdmitResult, type LimitStore, type SettleInput, type WindowState } from "./store.js";

type ScriptCall = (numberOfKeys: number, ...keysAndArgs: (string | number)[]) => Promise<unknown>;
interface LimitCommands {
  llmProxyAdmit: ScriptCall;
  llmProxySettle: ScriptCall;
}

/**
 * Limits every replica shares, on `redis.url`: one window, one in-flight count, one running
 * budget total per key, each changed only inside a Lua script (redis-scripts.ts). ioredis sends a
 * script by its SHA and loads it once when Redis does not know it yet.
 */
export class RedisLimitStore implements LimitStore {
  readonly name = "redis";
  private readonly commands: LimitCommands;

  constructor(private readonly redis: RedisConnection) {
    redis.client.defineCommand("llmProxyAdmit", { lua: ADMIT_SCRIPT });
    redis.client.defineCommand("llmProxySettle", { lua: SETTLE_SCRIPT });
    this.commands = redis.client as unknown as LimitCommands;
  }

  async admit(input: AdmitInput): Promise<AdmitResult> {
    await this.redis.connected();
    const keys = input.windows.map((window) => this.key(window.key));
    const args: (string | number)[] = [input.id, input.windows.length];
    for (const window of input.windows) args.push(window.limit, window.windowMs, window.cost);
    args.push(input.parallel?.limit ?? 0, LEASE_MS);
    if (input.parallel) keys.push(this.key(input.parallel.key));
    const { budget } = input;
    if (budget) {
      keys.push(this.key(budget.key), this.key(`${budget.key}:leases`));
      args.push(budget.limitNano, budget.reserveNano, budget.knownSpentNano, budget.ttlMs);
    } else args.push(-1);
    const reply = (await this.commands.llmProxyAdmit(keys.length, ...keys, ...args)) as number[];
    const status = reply[0];
    if (status === 2) return { status: "parallel", inFlight: reply[1]!, windows: windowStates(reply, 2) };
    if (status === 3) return { status: "budget", spentNano: reply[1]!, reservedNano: reply[2]!, windows: windowStates(reply, 3) };
    if (status === 1) return { status: "window", refused: reply[1]!, windows: windowStates(reply, 2) };
    return { status: "admitted", windows: windowStates(reply, 1) };
  }

  async settle(input: SettleInput): Promise<void> {
    await this.redis.connected();
    const keys = input.windows.map((window) => this.key(window.key));
    const args: (string | number)[] = [input.id, input.windows.length];
    for (const window of input.windows) args.push(window.index, window.delta);
    args.push(input.parallelKey ? 1 : 0);
    if (input.parallelKey) keys.push(this.key(input.parallelKey));
    const { budget } = input;
    if (budget) {
      keys.push(this.key(budget.key), this.key(`${budget.key}:leases`));
      args.push(1, budget.actualNano, budget.knownSpentNano, budget.ttlMs);
    } else args.push(0);
    await this.commands.llmProxySettle(keys.length, ...keys, ...args);
  }

  private key(name: string): string {
    return `${this.redis.prefix}${name}`;
  }
}

function windowStates(reply: number[], from: number): WindowState[] {
  const states: WindowState[] = [];
  for (let at = from; at + 3 < reply.length; at += 4) {
    states.push({ index: reply[at]!, used: reply[at + 1]!, resetMs: reply[at + 2]!, retryMs: reply[at + 3]! });
  }
  return states;
}
