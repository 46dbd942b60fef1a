import { useState } from "preact/hooks";
import { deleteProvider, initializeDefaults, listProviders } from "../../api/admin.js";
import { useApi } from "../../api/context.js";
import type { Provider } from "../../api/types.js";
import { ConfirmDialog } from "../../components/confirm-dialog.js";
import { ActionsHeader, LoadedView } from "../../components/loaded-view.js";
import { ErrorState } from "../../components/states.js";
import { Page } from "../../page.js";
import { useLoad } from "../../use-load.js";
import { ProviderForm } from "./provider-form.js";
import { ProviderRow } from "./provider-row.js";

type Editing = { kind: "add" } | { kind: "edit"; provider: Provider } | { kind: "delete"; provider: Provider } | undefined;

export function ProvidersView() {
  const api = useApi();
  const providers = useLoad(() => listProviders(api), [api]);
  const [editing, setEditing] = useState<Editing>();
  const [message, setMessage] = useState<string | undefined>();
  const [initializing, setInitializing] = useState(false);
  const [initError, setInitError] = useState<Error | undefined>();

  const list = providers.data;
  const noneStored = list !== undefined && !list.some((provider) => provider.source === "store");

  const initialize = async () => {
    setInitializing(true);
    setInitError(undefined);
    try {
      const { created } = await initializeDefaults(api);
      setMessage(created.length ? `Created ${created.length} providers: ${created.join(", ")}.` : "Every default provider already exists.");
      providers.reload();
    } catch (error) {
      setInitError(error as Error);
    } finally {
      setInitializing(false);
    }
  };

  const initializeButton = (
    <button type="button" class="button" onClick={initialize} disabled={initializing}>
      {initializing ? "Initializing…" : "Initialize defaults"}
    </button>
  );

  return (
    <Page
      title="Providers"
      actions={
        <>
          {noneStored && list.length > 0 && initializeButton}
          <button type="button" class="button button-primary" onClick={() => setEditing({ kind: "add" })}>
            Add provider
          </button>
        </>
      }
    >
      <p class="lead">
        Where requests go. Providers from config.yaml can be turned off and on here; those added here are stored, and every replica sharing
        the state store picks up changes at once.
      </p>
      <p class="status-line" role="status">
        {message}
      </p>
      {initError && <ErrorState title="The defaults could not be created" error={initError} />}
      <LoadedView
        loaded={providers}
        noun="providers"
        isEmpty={(data) => data.length === 0}
        emptyTitle="No providers yet"
        empty={
          <>
            <p>Add one, or create the standard set (OpenAI, Anthropic, Gemini, …) with their keys from the usual environment variables.</p>
            {initializeButton}
          </>
        }
      >
        {(data) => (
          <div class="table-scroll">
            <table class="table">
              <caption class="visually-hidden">Providers</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Type</th>
                  <th scope="col">Base URL</th>
                  <th scope="col">Key</th>
                  <th scope="col">Models</th>
                  <th scope="col">Enabled</th>
                  <ActionsHeader />
                </tr>
              </thead>
              <tbody>
                {data.map((provider) => (
                  <ProviderRow
                    key={provider.name}
                    provider={provider}
                    onChanged={providers.reload}
                    onEdit={() => setEditing({ kind: "edit", provider })}
                    onDelete={() => setEditing({ kind: "delete", provider })}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </LoadedView>
      {(editing?.kind === "add" || editing?.kind === "edit") && (
        <ProviderForm
          provider={editing.kind === "edit" ? editing.provider : undefined}
          onClose={() => setEditing(undefined)}
          onSaved={(saved) => {
            setEditing(undefined);
            setMessage(editing.kind === "add" ? `Added provider ${saved.name}.` : `Saved provider ${saved.name}.`);
            providers.reload();
          }}
        />
      )}
      {editing?.kind === "delete" && (
        <ConfirmDialog
          title={`Delete provider ${editing.provider.name}?`}
          confirmLabel="Delete"
          onClose={() => setEditing(undefined)}
          onConfirm={async () => {
            await deleteProvider(api, editing.provider.name);
            setMessage(`Deleted provider ${editing.provider.name}.`);
            providers.reload();
          }}
        >
          <p>
            Requests for its models stop being routed to it, on every replica. Its stored key is deleted with it. This cannot be undone.
          </p>
        </ConfirmDialog>
      )}
    </Page>
  );
}
