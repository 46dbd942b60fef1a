/** The admin API's bodies (docs/admin-api.md), as the console reads and sends them. */

export type ProviderType = "openai" | "anthropic" | "gemini" | "mistral" | "ollama" | "qwen";

export const PROVIDER_TYPES: readonly ProviderType[] = ["openai", "anthropic", "gemini", "mistral", "ollama", "qwen"];

export interface Timeouts {
  connect_ms: number;
  first_byte_ms: number;
  idle_ms: number;
}

export interface Provider {
  name: string;
  type: ProviderType;
  base_url: string | null;
  /** Masked (`sk-...abcd`), never the secret. */
  api_key: string | null;
  api_key_set: boolean;
  /** A config provider whose `${VAR}` is unset: the variable's name. */
  api_key_env: string | null;
  headers: Record<string, string>;
  models: string[];
  options: Record<string, unknown>;
  timeouts: Timeouts;
  enabled: boolean;
  /** `config`: from config.yaml (may be toggled only); `store`: made through the admin API. */
  source: "config" | "store";
  created_at: string | null;
  updated_at: string | null;
}

/** The body of `POST /admin/providers` and `PUT /admin/providers/{name}`. */
export interface ProviderInput {
  name?: string;
  type: ProviderType;
  base_url?: string;
  /** Absent keeps the stored key (PUT); null removes it. */
  api_key?: string | null;
  headers?: Record<string, string>;
  models?: string[];
  options?: Record<string, unknown>;
  timeouts?: Partial<Timeouts>;
  enabled?: boolean;
}

export interface ConnectionTest {
  ok: boolean;
  latency_ms: number;
  model: string;
  error?: { status: number; message: string };
}

export interface OllamaModel {
  name: string;
  size: number;
  digest: string;
  modified_at: string;
  details?: {
    format?: string;
    family?: string;
    parameter_size?: string;
    quantization_level?: string;
  };
}

/** One line of `POST /admin/ollama/pull`: Ollama's own progress report, or the failure that ended it. */
export interface PullLine {
  status?: string;
  digest?: string;
  total?: number;
  completed?: number;
  error?: { message: string; type?: string; param?: string | null; code?: string | null };
}

export type BudgetPeriod = "day" | "week" | "month" | "total";

export const BUDGET_PERIODS: readonly BudgetPeriod[] = ["day", "week", "month", "total"];

export interface VirtualKey {
  id: string;
  name: string;
  /** A hint (`sk-...wxyz`); the whole secret only in the answer that created the key. */
  key: string;
  models: string[] | null;
  rpm: number | null;
  tpm: number | null;
  max_parallel: number | null;
  budget_usd: number | null;
  budget_period: BudgetPeriod | null;
  spend_usd: number;
  period_start: string | null;
  created_at: string;
  revoked_at: string | null;
}

export interface KeyInput {
  name: string;
  models?: string[];
  rpm?: number;
  tpm?: number;
  max_parallel?: number;
  budget_usd?: number;
  budget_period?: BudgetPeriod;
}

export type UsageBucket = "hour" | "day";

export interface UsageRow {
  start: string;
  /** Null for requests made without a key (the master key, or an open proxy). */
  key: string | null;
  provider: string;
  model: string;
  requests: number;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  cache_hits: number;
  cache_saved_usd: number;
}

export interface UsageReport {
  from: string;
  to: string;
  bucket: UsageBucket;
  data: UsageRow[];
}

export interface List<T> {
  object: "list";
  data: T[];
}
