import type { ChatRequest } from "../chat/types.js";
import { globToRegExp } from "../lib/glob.js";
import type { PolicyConfig, PolicyMode } from "./config.js";
import { unsupportedParameter, unsupportedValue } from "./errors.js";
import { BUILT_IN_FAMILIES, EFFORT_SCALE, type FamilyRule } from "./families.js";

interface UnsupportedRule {
  param: string;
  allowedValues: readonly unknown[] | undefined;
  allowedEfforts: readonly string[] | undefined;
}

interface CompiledFamily {
  name: string;
  patterns: RegExp[];
  renames: [from: string, to: string][];
  unsupported: UnsupportedRule[];
  roles: Map<string, string> | undefined;
  effort: { values: readonly string[]; upstreamDefault: string; fill: string | undefined } | undefined;
}

export interface PolicyResult {
  /** The request to send upstream (the same object when nothing changed). */
  request: ChatRequest;
  /** What was changed, for `x-llm-proxy-rewritten` (`temperature,max_tokens`); undefined if nothing. */
  rewritten: string | undefined;
  family: string;
}

/** Client-chosen model strings are unbounded; past this many the remembered decisions start over. */
const REMEMBERED_MODELS = 10_000;

/**
 * The model-family parameter policy: which OpenAI family a model belongs to (decided once per
 * model string) and what that family refuses. `rewrite` fixes a request and names the changes;
 * `strict` answers OpenAI's own 400 instead. Requests for models of no known family pass untouched.
 */
export class ModelPolicy {
  private readonly families: CompiledFamily[];
  private readonly byModel = new Map<string, CompiledFamily | null>();

  constructor(config: PolicyConfig) {
    const overridden = new Set(config.families.map((row) => row.name));
    const rows = [...config.families, ...BUILT_IN_FAMILIES.filter((row) => !overridden.has(row.name))];
    this.families = rows.map((row) => compile(row, config.reasoning_effort));
  }

  /** The family of an upstream model name (host prefixes such as `openai/` ignored). */
  familyOf(model: string): string | undefined {
    return this.lookup(model)?.name;
  }

  /** Applies the model's family rules; undefined when the model belongs to no family. Throws a 400 in strict mode. */
  apply(request: ChatRequest, model: string, mode: PolicyMode): PolicyResult | undefined {
    const family = this.lookup(model);
    if (!family) return undefined;
    return new Rewrite(request, mode).run(family);
  }

  private lookup(model: string): CompiledFamily | undefined {
    let family = this.byModel.get(model);
    if (family === undefined) {
      const bare = model.slice(model.lastIndexOf("/") + 1).toLowerCase();
      family = this.families.find((candidate) => candidate.patterns.some((pattern) => pattern.test(bare))) ?? null;
      if (this.byModel.size >= REMEMBERED_MODELS) this.byModel.clear();
      this.byModel.set(model, family);
    }
    return family ?? undefined;
  }
}

function compile(row: FamilyRule, defaultEffort: string | undefined): CompiledFamily {
  const effort = row.reasoning_effort;
  return {
    name: row.name,
    patterns: row.match.map((glob) => globToRegExp(glob.toLowerCase())),
    renames: Object.entries(row.rename ?? {}),
    unsupported: Object.entries(row.unsupported ?? {}).map(([param, rule]) => ({
      param,
      allowedValues: rule.allowed_values,
      allowedEfforts: rule.allowed_with_reasoning_effort,
    })),
    roles: row.roles ? new Map(Object.entries(row.roles)) : undefined,
    effort: effort && {
      values: effort.values,
      upstreamDefault: effort.upstream_default,
      fill: nearestEffort(effort.default ?? defaultEffort, effort.values),
    },
  };
}

/** The accepted effort closest to `wanted` on the effort scale (ties go to more effort). */
function nearestEffort(wanted: string | undefined, accepted: readonly string[]): string | undefined {
  if (wanted === undefined) return undefined;
  if (accepted.includes(wanted)) return wanted;
  const rank = (EFFORT_SCALE as readonly string[]).indexOf(wanted);
  if (rank < 0) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const value of accepted) {
    const distance = Math.abs((EFFORT_SCALE as readonly string[]).indexOf(value) - rank);
    if (distance <= bestDistance) {
      best = value;
      bestDistance = distance;
    }
  }
  return best;
}

function refuses(rule: UnsupportedRule, value: unknown, effort: string): boolean {
  if (value === undefined || value === null) return false;
  if (rule.allowedValues?.includes(value as never)) return false;
  return !rule.allowedEfforts?.includes(effort);
}

/**
 * One request's pass through its family's rules. Changes are collected and the request is copied
 * once at the end, only if something changed (deleting keys from a copy would be slower).
 */
class Rewrite {
  private changed: Map<string, unknown> | undefined;
  private readonly changes: string[] = [];

  constructor(
    private readonly request: ChatRequest,
    private readonly mode: PolicyMode,
  ) {}

  run(family: CompiledFamily): PolicyResult {
    const effort = this.settleEffort(family);
    for (const [from, to] of family.renames) {
      const value = this.request[from];
      if (value === undefined || value === null) continue;
      if (this.mode === "strict") throw unsupportedParameter(from, to);
      if (this.current(to) === undefined || this.current(to) === null) this.set(to, value);
      this.set(from, undefined);
      this.changes.push(from);
    }
    for (const rule of family.unsupported) {
      const value = this.request[rule.param];
      if (!refuses(rule, value, effort)) continue;
      if (this.mode === "strict")
        throw rule.allowedValues ? unsupportedValue(rule.param, value, rule.allowedValues) : unsupportedParameter(rule.param);
      this.set(rule.param, undefined);
      this.changes.push(rule.param);
    }
    if (family.roles) this.renameRoles(family.roles);
    return {
      request: this.result(),
      rewritten: this.changes.length > 0 ? this.changes.join(",") : undefined,
      family: family.name,
    };
  }

  private result(): ChatRequest {
    const changed = this.changed;
    if (!changed) return this.request;
    const out: Record<string, unknown> = {};
    for (const key in this.request) {
      const value = changed.has(key) ? changed.get(key) : this.request[key];
      if (value !== undefined) out[key] = value;
    }
    for (const [key, value] of changed) if (value !== undefined && !(key in out)) out[key] = value;
    return out as ChatRequest;
  }

  /**
   * Checks the requested effort, or fills in the default. A default is not filled in where it
   * would make the request invalid (a gpt-5.1 request with a temperature relies on the upstream's
   * own `none`). Returns the effort the upstream will apply.
   */
  private settleEffort(family: CompiledFamily): string {
    const rule = family.effort;
    const requested = this.request.reasoning_effort as unknown;
    if (!rule) return typeof requested === "string" ? requested : "";
    if (requested === undefined || requested === null) {
      const fill = rule.fill;
      if (fill === undefined) return rule.upstreamDefault;
      const conflict = family.unsupported.some(
        (entry) => !refuses(entry, this.request[entry.param], rule.upstreamDefault) && refuses(entry, this.request[entry.param], fill),
      );
      if (conflict) return rule.upstreamDefault;
      this.set("reasoning_effort", fill);
      return fill;
    }
    if (typeof requested === "string" && rule.values.includes(requested)) return requested;
    if (this.mode === "strict") throw unsupportedValue("reasoning_effort", requested, rule.values);
    const fixed = nearestEffort(String(requested), rule.values) ?? rule.fill;
    this.set("reasoning_effort", fixed);
    this.changes.push("reasoning_effort");
    return fixed ?? rule.upstreamDefault;
  }

  /** Roles are renamed in both modes: the family reads them the same way, nothing is lost. */
  private renameRoles(roles: Map<string, string>): void {
    const messages = this.request.messages as { role: string }[];
    if (!messages.some((message) => roles.has(message.role))) return;
    this.set(
      "messages",
      messages.map((message) => (roles.has(message.role) ? { ...message, role: roles.get(message.role) } : message)),
    );
    this.changes.push("messages");
  }

  private current(key: string): unknown {
    return this.changed?.has(key) ? this.changed.get(key) : this.request[key];
  }

  /** Sets a field of the outgoing request; undefined removes it. */
  private set(key: string, value: unknown): void {
    (this.changed ??= new Map()).set(key, value);
  }
}
