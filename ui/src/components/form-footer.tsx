interface FormFooterProps {
  error: string | undefined;
  busy: boolean;
  submitLabel: string;
  busyLabel: string;
  onCancel(): void;
}

/** A dialog form's last lines: what went wrong (read out at once), Cancel, and the submit button. */
export function FormFooter({ error, busy, submitLabel, busyLabel, onCancel }: FormFooterProps) {
  return (
    <>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <div class="dialog-actions">
        <button type="button" class="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? busyLabel : submitLabel}
        </button>
      </div>
    </>
  );
}
