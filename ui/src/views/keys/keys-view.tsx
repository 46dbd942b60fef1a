import { useState } from "preact/hooks";
import { listKeys, revokeKey } from "../../api/admin.js";
import { useApi } from "../../api/context.js";
import type { VirtualKey } from "../../api/types.js";
import { ConfirmDialog } from "../../components/confirm-dialog.js";
import { ActionsHeader, LoadedView } from "../../components/loaded-view.js";
import { formatCount, formatDate, formatUsd } from "../../format.js";
import { Page } from "../../page.js";
import { useLoad } from "../../use-load.js";
import { CreateKeyDialog } from "./create-key-dialog.js";

export function KeysView() {
  const api = useApi();
  const keys = useLoad(() => listKeys(api), [api]);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<VirtualKey | undefined>();
  const [showRevoked, setShowRevoked] = useState(false);
  const [message, setMessage] = useState<string | undefined>();

  const revokedCount = keys.data?.filter((key) => key.revoked_at).length ?? 0;

  return (
    <Page
      title="Keys"
      actions={
        <button type="button" class="button button-primary" onClick={() => setCreating(true)}>
          Create key
        </button>
      }
    >
      <p class="lead">
        Virtual keys for clients: each with its own models, rate limits and budget. Spend counts from the start of the budget period.
      </p>
      <div class="toolbar">
        <label class="checkbox">
          <input type="checkbox" checked={showRevoked} onChange={(event) => setShowRevoked(event.currentTarget.checked)} />
          Show revoked keys ({formatCount(revokedCount)})
        </label>
      </div>
      <p class="status-line" role="status">
        {message}
      </p>
      <LoadedView
        loaded={keys}
        noun="keys"
        isEmpty={(data) => !data.some((key) => showRevoked || !key.revoked_at)}
        emptyTitle={revokedCount ? "No active keys" : "No keys yet"}
        empty={<p>Create one for each client, so that each has its own limits and its spend shows on its own.</p>}
      >
        {(data) => (
          <div class="table-scroll">
            <table class="table">
              <caption class="visually-hidden">Virtual keys</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Key</th>
                  <th scope="col">Models</th>
                  <th scope="col">Limits</th>
                  <th scope="col">Budget</th>
                  <th scope="col">Spend this period</th>
                  <th scope="col">Created</th>
                  <ActionsHeader />
                </tr>
              </thead>
              <tbody>
                {data
                  .filter((key) => showRevoked || !key.revoked_at)
                  .map((key) => (
                    <KeyRow key={key.id} entry={key} onRevoke={() => setRevoking(key)} />
                  ))}
              </tbody>
            </table>
          </div>
        )}
      </LoadedView>
      {creating && (
        <CreateKeyDialog
          onClose={() => setCreating(false)}
          onCreated={(key) => {
            setMessage(`Created key ${key.name}.`);
            keys.reload();
          }}
        />
      )}
      {revoking && (
        <ConfirmDialog
          title={`Revoke key ${revoking.name}?`}
          confirmLabel="Revoke"
          onClose={() => setRevoking(undefined)}
          onConfirm={async () => {
            await revokeKey(api, revoking.id);
            setMessage(`Revoked key ${revoking.name}.`);
            keys.reload();
          }}
        >
          <p>Requests with it are refused from now on, on every replica. Its usage stays in the report. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </Page>
  );
}

function KeyRow({ entry, onRevoke }: { entry: VirtualKey; onRevoke(): void }) {
  const revoked = entry.revoked_at !== null;
  return (
    <tr class={revoked ? "row-disabled" : undefined}>
      <th scope="row">
        {entry.name}
        {revoked && <span class="badge badge-danger">revoked {formatDate(entry.revoked_at)}</span>}
      </th>
      <td>
        <code>{entry.key}</code>
      </td>
      <td>{entry.models?.length ? entry.models.join(", ") : <span class="muted">all</span>}</td>
      <td>
        <Limits entry={entry} />
      </td>
      <td>{entry.budget_usd === null ? <span class="muted">none</span> : `${formatUsd(entry.budget_usd)} / ${entry.budget_period}`}</td>
      <td>
        <Spend entry={entry} />
      </td>
      <td>{formatDate(entry.created_at)}</td>
      <td class="actions">
        {!revoked && (
          <button type="button" class="button button-small button-danger" onClick={onRevoke}>
            Revoke<span class="visually-hidden"> {entry.name}</span>
          </button>
        )}
      </td>
    </tr>
  );
}

function Limits({ entry }: { entry: VirtualKey }) {
  const limits = [
    entry.rpm !== null && `${formatCount(entry.rpm)} req/min`,
    entry.tpm !== null && `${formatCount(entry.tpm)} tokens/min`,
    entry.max_parallel !== null && `${formatCount(entry.max_parallel)} at once`,
  ].filter(Boolean);
  return limits.length ? limits.join(" · ") : <span class="muted">none</span>;
}

function Spend({ entry }: { entry: VirtualKey }) {
  const since = entry.period_start ? `since ${formatDate(entry.period_start)}` : undefined;
  if (entry.budget_usd === null) {
    return (
      <>
        {formatUsd(entry.spend_usd)}
        {since && <span class="muted cell-note">{since}</span>}
      </>
    );
  }
  const share = entry.budget_usd > 0 ? Math.min(entry.spend_usd / entry.budget_usd, 1) : 1;
  return (
    <div class="spend">
      <span>
        {formatUsd(entry.spend_usd)} <span class="muted">of {formatUsd(entry.budget_usd)}</span>
      </span>
      <meter
        min={0}
        max={1}
        low={0.75}
        high={0.9}
        optimum={0}
        value={share}
        aria-label={`${entry.name}: ${Math.round(share * 100)}% of its budget spent`}
      />
      {since && <span class="muted cell-note">{since}</span>}
    </div>
  );
}
