import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadConfigText } from "../../src/config/load.js";
import { adapterFor } from "../../src/providers/registry.js";
import { ROOT } from "../helpers/cli.js";
import { ensureDebianCommand, IN_CI } from "../helpers/services.js";

/**
 * The multi-replica deployment (docker-compose.yml, deploy/): the compose file validates, every file
 * it mounts exists, the replicas' config validates as the proxy reads it, and Prometheus accepts
 * its scrape config. There is no Docker engine here, so nothing is started.
 */

const log = (line: string) => process.stderr.write(`[deploy test] ${line}\n`);
const compose = parse(readFileSync(join(ROOT, "docker-compose.yml"), "utf8")) as {
  services: Record<string, { volumes?: string[]; environment?: Record<string, string>; deploy?: { replicas?: number } }>;
};

function needCommand(command: string, debianPackage: string): string | undefined {
  const found = ensureDebianCommand(command, debianPackage, log);
  if (!found && IN_CI) throw new Error(`${command} is needed to check the deployment and cannot be installed`);
  if (!found) log(`${command} is missing: its check is skipped`);
  return found;
}

describe("docker-compose.yml", () => {
  it("validates with docker-compose", () => {
    const dockerCompose = needCommand("docker-compose", "docker-compose");
    if (!dockerCompose) return;
    const result = spawnSync(dockerCompose, ["-f", join(ROOT, "docker-compose.yml"), "config", "-q"], { encoding: "utf8", cwd: ROOT });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("runs two replicas beside Redis, PostgreSQL, Prometheus, Grafana and a load balancer, and mounts only files that exist", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["grafana", "llm-proxy", "load-balancer", "postgres", "prometheus", "redis"]);
    expect(compose.services["llm-proxy"]!.deploy?.replicas).toBe(2);
    for (const service of Object.values(compose.services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(":")[0]!;
        if (source.startsWith(".")) expect(existsSync(join(ROOT, source)), source).toBe(true);
      }
    }
  });

  it("gives the replicas a config the proxy accepts, sharing Redis and PostgreSQL", () => {
    const environment = compose.services["llm-proxy"]!.environment ?? {};
    const env = Object.fromEntries(Object.keys(environment).map((name) => [name, "x"]));
    const config = loadConfigText(
      readFileSync(join(ROOT, "deploy/llm-proxy.yaml"), "utf8"),
      { ...env, REDIS_URL: "redis://redis:6379", DATABASE_URL: "postgres://llm_proxy:pw@postgres:5432/llm_proxy" },
      adapterFor,
    );
    expect(config.redis.url).toBe("redis://redis:6379");
    expect(config.cache.store).toBe("redis");
    expect(config.state.url).toBe("postgres://llm_proxy:pw@postgres:5432/llm_proxy");
    expect(Object.keys(environment)).toContain("DATABASE_URL");
  });

  it("has a Prometheus config promtool accepts", () => {
    const promtool = needCommand("promtool", "prometheus");
    if (!promtool) return;
    const result = spawnSync(promtool, ["check", "config", join(ROOT, "deploy/prometheus.yml")], { encoding: "utf8" });
    expect(result.status, result.stdout + result.stderr).toBe(0);
  });
});
