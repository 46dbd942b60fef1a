import { useRef, useState } from "preact/hooks";
import { createProvider, replaceProvider } from "../../api/admin.js";
import { useApi } from "../../api/context.js";
import { PROVIDER_TYPES, type Provider, type ProviderType } from "../../api/types.js";
import { Dialog } from "../../components/dialog.js";
import { Field } from "../../components/field.js";
import { FormFooter } from "../../components/form-footer.js";
import { useFieldErrors } from "../../use-field-errors.js";
import {
  emptyProviderForm,
  fieldOfParam,
  type ProviderField,
  type ProviderFormValues,
  providerForm,
  toProviderInput,
} from "./form-values.js";

interface ProviderFormProps {
  /** The stored provider to edit; absent: a new one. */
  provider?: Provider;
  onSaved(provider: Provider): void;
  onClose(): void;
}

/** Add or edit a provider; the API's 400 names the field (`param`), and its message appears beside that field. */
export function ProviderForm({ provider, onSaved, onClose }: ProviderFormProps) {
  const api = useApi();
  const form = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<ProviderFormValues>(() => (provider ? providerForm(provider) : emptyProviderForm()));
  const { errors, formError, show, fail } = useFieldErrors<ProviderField>(form);
  const [busy, setBusy] = useState(false);
  const editing = provider !== undefined;

  const set =
    <K extends keyof ProviderFormValues>(field: K) =>
    (value: ProviderFormValues[K]) =>
      setValues((current) => ({ ...current, [field]: value }));
  const text = (field: ProviderField & keyof ProviderFormValues) => ({
    value: values[field] as string,
    onInput: (event: Event) => set(field)((event.currentTarget as HTMLInputElement).value as never),
  });

  const submit = async (event: Event) => {
    event.preventDefault();
    const built = toProviderInput(values, provider);
    if (built.errors) return show(built.errors);
    setBusy(true);
    try {
      onSaved(editing ? await replaceProvider(api, provider.name, built.input) : await createProvider(api, built.input));
    } catch (failure) {
      setBusy(false);
      // A 409 is a name already taken. Editing, the form has no name field: such an error is the form's.
      fail(failure, (error) => {
        const field = fieldOfParam(error.param) ?? (error.status === 409 ? "name" : undefined);
        return field === "name" && editing ? undefined : field;
      });
    }
  };

  return (
    <Dialog title={editing ? `Edit provider ${provider.name}` : "Add a provider"} onClose={onClose}>
      <form ref={form} class="form" onSubmit={submit} noValidate>
        <div class="form-grid">
          <div class="form-row">
            {!editing && (
              <Field label="Name" error={errors.name} hint="Also the prefix that addresses it: name/model.">
                {(control) => <input {...control} {...text("name")} required autofocus autocomplete="off" spellcheck={false} />}
              </Field>
            )}
            <Field label="Type" error={errors.type}>
              {(control) => (
                <select {...control} value={values.type} onChange={(event) => set("type")(event.currentTarget.value as ProviderType)}>
                  {PROVIDER_TYPES.map((type) => (
                    <option key={type} value={type}>
                      {type}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </div>
          <Field label="Base URL" error={errors.base_url} hint="Empty: the type's default API.">
            {(control) => <input {...control} {...text("base_url")} type="url" autocomplete="off" spellcheck={false} autofocus={editing} />}
          </Field>
          <Field
            label="API key"
            error={errors.api_key}
            hint={
              editing
                ? provider.api_key_set
                  ? `Stored: ${provider.api_key}. Leave empty to keep it.`
                  : "None stored."
                : "Stored encrypted."
            }
          >
            {(control) => (
              <input
                {...control}
                {...text("api_key")}
                type="password"
                autocomplete="off"
                disabled={values.remove_api_key}
                spellcheck={false}
              />
            )}
          </Field>
          {editing && provider.api_key_set && (
            <label class="checkbox">
              <input
                type="checkbox"
                checked={values.remove_api_key}
                onChange={(event) => set("remove_api_key")(event.currentTarget.checked)}
              />
              Remove the stored key
            </label>
          )}
          <div class="form-row">
            <Field label="Models" error={errors.models} hint="One per line: listed in /v1/models, routed here by name.">
              {(control) => <textarea {...control} {...text("models")} rows={3} spellcheck={false} />}
            </Field>
            <Field label="Headers" error={errors.headers} hint="Sent upstream, one per line: Name: value.">
              {(control) => <textarea {...control} {...text("headers")} rows={3} spellcheck={false} />}
            </Field>
          </div>
          <Field label="Options" error={errors.options} hint="The type's own settings, as a JSON object (see the README).">
            {(control) => <textarea {...control} {...text("options")} rows={3} class="code" spellcheck={false} />}
          </Field>
          <fieldset class="timeouts">
            <legend>Timeouts (milliseconds; empty: the defaults)</legend>
            <Field label="Connect" error={errors.connect_ms}>
              {(control) => <input {...control} {...text("connect_ms")} inputMode="numeric" />}
            </Field>
            <Field label="First byte" error={errors.first_byte_ms}>
              {(control) => <input {...control} {...text("first_byte_ms")} inputMode="numeric" />}
            </Field>
            <Field label="Idle" error={errors.idle_ms}>
              {(control) => <input {...control} {...text("idle_ms")} inputMode="numeric" />}
            </Field>
          </fieldset>
          <label class="checkbox">
            <input type="checkbox" checked={values.enabled} onChange={(event) => set("enabled")(event.currentTarget.checked)} />
            Enabled (routed to)
          </label>
        </div>
        <FormFooter error={formError} busy={busy} submitLabel={editing ? "Save" : "Add provider"} busyLabel="Saving…" onCancel={onClose} />
      </form>
    </Dialog>
  );
}
