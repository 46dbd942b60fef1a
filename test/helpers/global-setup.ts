import type { TestProject } from "vitest/node";
import { ensureNode24Clients } from "./node24-clients.js";
import { cachedSchemas } from "./openai-schema-source.js";
import {
  ensureDebianCommand,
  IN_CI,
  postgresAnswers,
  redisAnswers,
  startDebianPostgres,
  startRedisServer,
  type RedisServer,
} from "./services.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** The shared Redis the cache tests use; null when none can be had outside CI. */
    redisUrl: string | null;
    /** The redis-server binary, for tests that start (and stop) a Redis of their own. */
    redisServer: string | null;
    /** Whether the Node 24 clients (test/helpers/node24: the Vercel AI SDK, LangChain) are installed. */
    node24Clients: boolean;
    /** A PostgreSQL superuser URL the state store tests make their throwaway databases with; null when none answers outside CI. */
    postgresUrl: string | null;
    /** Debian's Chromium for the console's browser tests; null when it cannot be had outside CI. */
    chromium: string | null;
  }
}

const SHARED_REDIS = "redis://127.0.0.1:6379";
const SHARED_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres";
const log = (line: string) => process.stderr.write(`[test setup] ${line}\n`);

let started: RedisServer | undefined;

/**
 * Extracts OpenAI's schemas once before the workers start, so each worker only reads JSON, and
 * makes sure a Redis answers on 127.0.0.1:6379, starting one when none does. CI fails loudly
 * when it cannot have one; elsewhere the Redis tests are skipped with a message. Installs the
 * Node 24 clients (test/helpers/node24: the Vercel AI SDK, LangChain) when they are missing, under the same rule.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  cachedSchemas();
  const binary = ensureDebianCommand("redis-server", "redis-server", log) ?? null;
  let url: string | null = SHARED_REDIS;
  if (!(await redisAnswers(SHARED_REDIS))) {
    if (binary) {
      log("no Redis answers on 127.0.0.1:6379: starting redis-server for the tests");
      started = await startRedisServer(binary, 6379);
    } else if (IN_CI) {
      throw new Error("The cache tests need Redis: none answers on 127.0.0.1:6379 and redis-server cannot be installed.");
    } else {
      log("no Redis on 127.0.0.1:6379 and no redis-server to start: the Redis cache tests are skipped");
      url = null;
    }
  }
  project.provide("redisUrl", url);
  project.provide("postgresUrl", await postgres());
  project.provide("redisServer", binary);
  const node24Clients = ensureNode24Clients(log);
  if (!node24Clients && IN_CI)
    throw new Error("The Vercel AI SDK and LangChain tests need test/helpers/node24 installed: npm ci there failed.");
  project.provide("node24Clients", node24Clients);
  project.provide("chromium", chromium());
  return async () => {
    await started?.stop();
  };
}

/** Debian's Chromium (installed with apt-get when missing and root), which playwright-core drives for the console's tests. */
function chromium(): string | null {
  const path = ensureDebianCommand("chromium", "chromium", log) ?? null;
  if (!path && IN_CI) throw new Error("The console's browser tests need Debian's chromium, and it cannot be installed.");
  if (!path) log("no chromium and it cannot be installed: the console's browser tests are skipped");
  return path;
}

/** The machine's PostgreSQL (started when it is installed but stopped); CI fails without one. */
async function postgres(): Promise<string | null> {
  if (await postgresAnswers(SHARED_POSTGRES)) return SHARED_POSTGRES;
  startDebianPostgres(log);
  if (await postgresAnswers(SHARED_POSTGRES)) return SHARED_POSTGRES;
  if (IN_CI) throw new Error("The state store tests need PostgreSQL: none answers on 127.0.0.1:5432 as user postgres.");
  log("no PostgreSQL on 127.0.0.1:5432: the PostgreSQL state store tests are skipped");
  return null;
}
