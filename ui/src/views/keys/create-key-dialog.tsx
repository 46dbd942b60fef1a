import { useEffect, useRef, useState } from "preact/hooks";
import { createKey } from "../../api/admin.js";
import { useApi } from "../../api/context.js";
import { BUDGET_PERIODS, type BudgetPeriod, type VirtualKey } from "../../api/types.js";
import { CopyButton } from "../../components/copy-button.js";
import { Dialog } from "../../components/dialog.js";
import { Field } from "../../components/field.js";
import { FormFooter } from "../../components/form-footer.js";
import { useFieldErrors } from "../../use-field-errors.js";
import { emptyKeyForm, type KeyField, type KeyFormValues, keyFieldOfParam, toKeyInput } from "./key-form-values.js";

/** Create a key; once made, the dialog shows its secret, this one time, with a copy button. */
export function CreateKeyDialog({ onCreated, onClose }: { onCreated(key: VirtualKey): void; onClose(): void }) {
  const [created, setCreated] = useState<VirtualKey | undefined>();
  return (
    <Dialog title={created ? `Key ${created.name} created` : "Create a key"} onClose={onClose}>
      {created ? (
        <CreatedKey secret={created.key} onDone={onClose} />
      ) : (
        <KeyForm
          onCreated={(key) => {
            setCreated(key);
            onCreated(key);
          }}
          onCancel={onClose}
        />
      )}
    </Dialog>
  );
}

function CreatedKey({ secret, onDone }: { secret: string; onDone(): void }) {
  const input = useRef<HTMLInputElement>(null);
  // It replaces the form that had the focus: give it to the secret, selected, ready to copy.
  useEffect(() => input.current?.focus(), []);
  return (
    <div class="dialog-body">
      <p class="notice notice-warning">This is the only time the secret is shown: copy it now. The proxy keeps only its hash.</p>
      <div class="field">
        <label for="created-secret">Secret</label>
        <div class="secret-row">
          <input
            id="created-secret"
            ref={input}
            class="code"
            readOnly
            value={secret}
            autofocus
            onFocus={(event) => event.currentTarget.select()}
          />
          <CopyButton text={secret} label="Copy" fallbackInput={() => input.current} />
        </div>
      </div>
      <p class="muted">
        Clients send it as <code>Authorization: Bearer …</code>, the OpenAI SDKs' <code>apiKey</code>.
      </p>
      <div class="dialog-actions">
        <button type="button" class="button button-primary" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}

function KeyForm({ onCreated, onCancel }: { onCreated(key: VirtualKey): void; onCancel(): void }) {
  const api = useApi();
  const form = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<KeyFormValues>(emptyKeyForm);
  const { errors, formError, show, fail } = useFieldErrors<KeyField>(form);
  const [busy, setBusy] = useState(false);

  const text = (field: Exclude<keyof KeyFormValues, "budget_period">) => ({
    value: values[field],
    onInput: (event: Event) => setValues((current) => ({ ...current, [field]: (event.currentTarget as HTMLInputElement).value })),
  });
  const submit = async (event: Event) => {
    event.preventDefault();
    const built = toKeyInput(values);
    if (built.errors) return show(built.errors);
    setBusy(true);
    try {
      onCreated(await createKey(api, built.input));
    } catch (failure) {
      setBusy(false);
      fail(failure, (error) => keyFieldOfParam(error.param) ?? (error.status === 409 ? "name" : undefined));
    }
  };

  return (
    <form ref={form} class="form" onSubmit={submit} noValidate>
      <div class="form-grid">
        <Field label="Name" error={errors.name} hint="Who or what uses it: frontend, batch-jobs.">
          {(control) => <input {...control} {...text("name")} required autofocus autocomplete="off" spellcheck={false} />}
        </Field>
        <Field label="Models" error={errors.models} hint="Globs, one per line (gpt-4o-mini, claude-*). Empty: every model.">
          {(control) => <textarea {...control} {...text("models")} rows={2} spellcheck={false} />}
        </Field>
        <fieldset class="limits">
          <legend>Limits (empty: none)</legend>
          <Field label="Requests per minute" error={errors.rpm}>
            {(control) => <input {...control} {...text("rpm")} inputMode="numeric" />}
          </Field>
          <Field label="Tokens per minute" error={errors.tpm}>
            {(control) => <input {...control} {...text("tpm")} inputMode="numeric" />}
          </Field>
          <Field label="Parallel requests" error={errors.max_parallel}>
            {(control) => <input {...control} {...text("max_parallel")} inputMode="numeric" />}
          </Field>
        </fieldset>
        <fieldset class="limits">
          <legend>Budget</legend>
          <Field label="Budget (USD)" error={errors.budget_usd} hint="Empty: no budget.">
            {(control) => <input {...control} {...text("budget_usd")} inputMode="decimal" />}
          </Field>
          <Field label="Period" error={errors.budget_period} hint="Calendar periods in UTC.">
            {(control) => (
              <select
                {...control}
                value={values.budget_period}
                onChange={(event) => setValues((current) => ({ ...current, budget_period: event.currentTarget.value as BudgetPeriod }))}
              >
                {BUDGET_PERIODS.map((period) => (
                  <option key={period} value={period}>
                    {period}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </fieldset>
      </div>
      <FormFooter error={formError} busy={busy} submitLabel="Create key" busyLabel="Creating…" onCancel={onCancel} />
    </form>
  );
}
