import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { testProvider, toggleProvider } from "../../api/admin.js";
import { useApi } from "../../api/context.js";
import type { ConnectionTest, Provider } from "../../api/types.js";
import { Link } from "../../components/link.js";
import { formatCount } from "../../format.js";
import { viewPath } from "../../router.js";

const SHOWN_MODELS = 3;

interface ProviderRowProps {
  provider: Provider;
  onChanged(): void;
  onEdit(): void;
  onDelete(): void;
}

type TestState = { kind: "running" } | { kind: "done"; result: ConnectionTest } | { kind: "failed"; error: Error } | undefined;

export function ProviderRow({ provider, onChanged, onEdit, onDelete }: ProviderRowProps) {
  const api = useApi();
  const [test, setTest] = useState<TestState>();
  const [enabled, setEnabled] = useState(provider.enabled);
  useEffect(() => setEnabled(provider.enabled), [provider.enabled]);
  const [toggleError, setToggleError] = useState<string | undefined>();
  const [toggling, setToggling] = useState(false);
  const stored = provider.source === "store";

  const runTest = async () => {
    setTest({ kind: "running" });
    try {
      setTest({ kind: "done", result: await testProvider(api, provider.name) });
    } catch (error) {
      setTest({ kind: "failed", error: error as Error });
    }
  };

  const toggle = async () => {
    setToggling(true);
    setToggleError(undefined);
    try {
      const answer = await toggleProvider(api, provider.name, !enabled);
      setEnabled(answer.enabled);
      onChanged();
    } catch (error) {
      setToggleError((error as Error).message);
    } finally {
      setToggling(false);
    }
  };

  return (
    <tr class={enabled ? undefined : "row-disabled"}>
      <th scope="row">
        <span class="provider-name">{provider.name}</span>
        <span class={stored ? "badge badge-store" : "badge"}>{stored ? "stored" : "config.yaml"}</span>
      </th>
      <td>{provider.type}</td>
      <td class="url">{provider.base_url ?? <span class="muted">default</span>}</td>
      <td>
        <KeyCell provider={provider} />
      </td>
      <td>
        <ModelsCell provider={provider} />
      </td>
      <td>
        <button
          type="button"
          class="switch"
          role="switch"
          aria-checked={enabled}
          aria-label={`${provider.name} enabled`}
          onClick={toggle}
          disabled={toggling}
        >
          <span class="switch-track" aria-hidden="true">
            <span class="switch-thumb" />
          </span>
          <span class="switch-text">{enabled ? "On" : "Off"}</span>
        </button>
        {toggleError && (
          <p class="cell-error" role="alert">
            {toggleError}
          </p>
        )}
      </td>
      <td class="actions">
        <div class="action-row">
          <button type="button" class="button button-small" onClick={runTest} disabled={test?.kind === "running"}>
            Test<span class="visually-hidden"> {provider.name}</span>
          </button>
          {provider.type === "ollama" && (
            <Link href={viewPath("ollama", { provider: provider.name })} class="button button-small">
              Models<span class="visually-hidden"> of {provider.name}</span>
            </Link>
          )}
          {stored && (
            <>
              <button type="button" class="button button-small" onClick={onEdit}>
                Edit<span class="visually-hidden"> {provider.name}</span>
              </button>
              <button type="button" class="button button-small button-danger" onClick={onDelete}>
                Delete<span class="visually-hidden"> {provider.name}</span>
              </button>
            </>
          )}
        </div>
        <TestOutcome state={test} />
      </td>
    </tr>
  );
}

function KeyCell({ provider }: { provider: Provider }) {
  if (provider.api_key_env) {
    return (
      <span class="warning">
        <code>{provider.api_key_env}</code> unset
      </span>
    );
  }
  if (provider.api_key) return <code>{provider.api_key}</code>;
  return <span class="muted">none</span>;
}

function ModelsCell({ provider }: { provider: Provider }) {
  if (provider.models.length === 0) return <span class="muted">by route</span>;
  const shown = provider.models.slice(0, SHOWN_MODELS);
  const more = provider.models.length - shown.length;
  return (
    <ul class="chips" title={provider.models.join(", ")}>
      {shown.map((model) => (
        <li key={model} class="chip">
          {model}
        </li>
      ))}
      {more > 0 && <li class="chip chip-more">+{formatCount(more)} more</li>}
    </ul>
  );
}

/** Read out as it changes, so a keyboard user hears the result without hunting for it. */
function TestOutcome({ state }: { state: TestState }) {
  let content: ComponentChildren = null;
  if (state?.kind === "running") content = <span class="muted">Testing…</span>;
  else if (state?.kind === "failed") content = <span class="test-failed">Test failed: {state.error.message}</span>;
  else if (state?.kind === "done") {
    const { result } = state;
    content = result.ok ? (
      <span class="test-ok">
        OK · {formatCount(result.latency_ms)} ms · {result.model}
      </span>
    ) : (
      <span class="test-failed">
        Failed{result.error ? ` (${result.error.status})` : ""}: {result.error?.message ?? "no answer"} · {formatCount(result.latency_ms)}{" "}
        ms · {result.model}
      </span>
    );
  }
  return (
    <p class="test-outcome" role="status">
      {content}
    </p>
  );
}
