import type { ComponentChildren, VNode } from "preact";
import { useId } from "preact/hooks";

/** What the control inside a Field spreads on itself to be labelled and to carry its error. */
export interface ControlProps {
  id: string;
  "aria-invalid": boolean;
  "aria-describedby": string | undefined;
}

interface FieldProps {
  label: string;
  /** The API's (or the form's own) message for this field, shown beside it and read with it. */
  error?: string | undefined;
  hint?: ComponentChildren;
  children(control: ControlProps): VNode;
}

export function Field({ label, error, hint, children }: FieldProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div class={error ? "field has-error" : "field"}>
      <label for={id}>{label}</label>
      {children({ id, "aria-invalid": Boolean(error), "aria-describedby": describedBy })}
      {error && (
        <p class="field-error" id={errorId}>
          {error}
        </p>
      )}
      {hint && (
        <p class="field-hint" id={hintId}>
          {hint}
        </p>
      )}
    </div>
  );
}
