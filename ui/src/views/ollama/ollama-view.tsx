import { useState } from "preact/hooks";
import { deleteOllamaModel, listOllamaModels, listProviders } from "../../api/admin.js";
import { useApi } from "../../api/context.js";
import type { OllamaModel } from "../../api/types.js";
import { ConfirmDialog } from "../../components/confirm-dialog.js";
import { Link } from "../../components/link.js";
import { ActionsHeader, LoadedView } from "../../components/loaded-view.js";
import { formatBytes, formatDateTime } from "../../format.js";
import { Page } from "../../page.js";
import { navigate, viewPath } from "../../router.js";
import { useLoad } from "../../use-load.js";
import { PullForm } from "./pull-form.js";

/** The models installed on an Ollama provider (`/api/tags`), pulled and deleted through the proxy. */
export function OllamaView({ provider: requested }: { provider: string | null }) {
  const api = useApi();
  const providers = useLoad(async () => (await listProviders(api)).filter((provider) => provider.type === "ollama"), [api]);

  return (
    <Page title="Ollama models">
      <LoadedView
        loaded={providers}
        noun="providers"
        isEmpty={(list) => list.length === 0}
        emptyTitle="No Ollama provider"
        empty={
          <p>
            Add a provider of type <code>ollama</code> on the <Link href={viewPath("providers")}>Providers</Link> page to manage its models
            here.
          </p>
        }
      >
        {(list) => {
          const current = list.find((provider) => provider.name === requested) ?? list[0]!;
          return (
            <>
              {list.length > 1 && (
                <div class="toolbar">
                  <label for="ollama-provider">Provider</label>
                  <select
                    id="ollama-provider"
                    value={current.name}
                    onChange={(event) => navigate(viewPath("ollama", { provider: event.currentTarget.value }), { replace: true })}
                  >
                    {list.map((provider) => (
                      <option key={provider.name} value={provider.name}>
                        {provider.name}
                      </option>
                    ))}
                  </select>
                </div>
              )}
              <ProviderModels key={current.name} provider={current.name} baseUrl={current.base_url} />
            </>
          );
        }}
      </LoadedView>
    </Page>
  );
}

function ProviderModels({ provider, baseUrl }: { provider: string; baseUrl: string | null }) {
  const api = useApi();
  const models = useLoad(() => listOllamaModels(api, provider), [api, provider]);
  const [deleting, setDeleting] = useState<OllamaModel | undefined>();
  const [message, setMessage] = useState<string | undefined>();

  return (
    <section aria-labelledby="installed-heading">
      <p class="lead">
        {provider}
        {baseUrl && (
          <>
            {" "}
            at <code>{baseUrl}</code>
          </>
        )}
        . Address its models as <code>{provider}/MODEL</code>.
      </p>
      <PullForm
        provider={provider}
        onPulled={(model) => {
          setMessage(`Pulled ${model}.`);
          models.reload();
        }}
      />
      <h2 id="installed-heading">Installed</h2>
      <p class="status-line" role="status">
        {message}
      </p>
      <LoadedView
        loaded={models}
        noun={`models of ${provider}`}
        isEmpty={(data) => data.length === 0}
        emptyTitle="No models installed"
        empty={<p>Pull one above, for instance llama3.2.</p>}
      >
        {(data) => (
          <div class="table-scroll">
            <table class="table">
              <caption class="visually-hidden">Models installed on {provider}</caption>
              <thead>
                <tr>
                  <th scope="col">Model</th>
                  <th scope="col">Size</th>
                  <th scope="col">Parameters</th>
                  <th scope="col">Quantization</th>
                  <th scope="col">Modified</th>
                  <ActionsHeader />
                </tr>
              </thead>
              <tbody>
                {data.map((model) => (
                  <tr key={model.name}>
                    <th scope="row">
                      <code>{model.name}</code>
                    </th>
                    <td>{formatBytes(model.size)}</td>
                    <td>{model.details?.parameter_size ?? "—"}</td>
                    <td>{model.details?.quantization_level ?? "—"}</td>
                    <td>{formatDateTime(model.modified_at)}</td>
                    <td class="actions">
                      <button type="button" class="button button-small button-danger" onClick={() => setDeleting(model)}>
                        Delete<span class="visually-hidden"> {model.name}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </LoadedView>
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete model"
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await deleteOllamaModel(api, provider, deleting.name);
            setMessage(`Deleted ${deleting.name}.`);
            models.reload();
          }}
        >
          <p>
            It is removed from {provider}'s disk ({formatBytes(deleting.size)}); requests for it fail until it is pulled again.
          </p>
        </ConfirmDialog>
      )}
    </section>
  );
}
