import { useState } from "preact/hooks";
import { createApi } from "../api/client.js";
import { ApiError } from "../api/errors.js";
import { Field } from "../components/field.js";
import { PRODUCT, useDocumentTitle } from "../page.js";

interface SignInProps {
  /** Why the last session ended, when it did not end by signing out. */
  notice: string | undefined;
  onSignedIn(masterKey: string): void;
}

/** The master key is checked against the admin API before the session starts, so a typo is caught here. */
export function SignIn({ notice, onSignedIn }: SignInProps) {
  useDocumentTitle("Sign in");
  const [key, setKey] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    const masterKey = key.trim();
    if (!masterKey) {
      setError("Enter the master key (auth.master_key in the proxy's config).");
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      await createApi({ masterKey, onUnauthorized: () => {} }).request("GET", "/admin/providers");
      onSignedIn(masterKey);
    } catch (failure) {
      setError(signInError(failure as Error));
      setBusy(false);
    }
  };

  return (
    <main id="main" class="sign-in">
      <form class="card sign-in-card" onSubmit={submit} noValidate>
        <h1>{PRODUCT} console</h1>
        <p>Sign in with the proxy's master key. It is kept in this tab only, until you sign out or close it.</p>
        {notice && (
          <p class="notice" role="status">
            {notice}
          </p>
        )}
        <Field label="Master key" error={error}>
          {(control) => (
            <input
              {...control}
              type="password"
              autocomplete="off"
              spellcheck={false}
              value={key}
              onInput={(event) => setKey(event.currentTarget.value)}
              autofocus
            />
          )}
        </Field>
        <button type="submit" class="button button-primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}

function signInError(failure: Error): string {
  if (!(failure instanceof ApiError)) return failure.message;
  // Others say it best themselves: the admin API is off (no auth.master_key), too many wrong keys, …
  if (failure.status === 401) return "The proxy refused this key: it is not the master key.";
  return failure.message;
}
