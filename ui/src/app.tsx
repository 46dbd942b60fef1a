import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { createApi } from "./api/client.js";
import { ApiContext } from "./api/context.js";
import { Link } from "./components/link.js";
import { PRODUCT } from "./page.js";
import { useRoute, VIEWS, viewPath, type View } from "./router.js";
import { forgetMasterKey, storedMasterKey, storeMasterKey } from "./session.js";
import { SignIn } from "./views/sign-in.js";
import { KeysView } from "./views/keys/keys-view.js";
import { OllamaView } from "./views/ollama/ollama-view.js";
import { ProvidersView } from "./views/providers/providers-view.js";
import { UsageView } from "./views/usage/usage-view.js";

const REFUSED = "The proxy refused this session's master key (was it changed?). Sign in again.";

export function App() {
  const [masterKey, setMasterKey] = useState(storedMasterKey);
  const [notice, setNotice] = useState<string | undefined>();
  const signOut = (reason?: string) => {
    forgetMasterKey();
    setMasterKey(null);
    setNotice(reason);
  };
  const api = useMemo(() => (masterKey ? createApi({ masterKey, onUnauthorized: () => signOut(REFUSED) }) : null), [masterKey]);

  if (!api) {
    return (
      <SignIn
        notice={notice}
        onSignedIn={(key) => {
          storeMasterKey(key);
          setNotice(undefined);
          setMasterKey(key);
        }}
      />
    );
  }
  return (
    <ApiContext.Provider value={api}>
      <Shell onSignOut={() => signOut()} />
    </ApiContext.Provider>
  );
}

function Shell({ onSignOut }: { onSignOut(): void }) {
  const route = useRoute();
  const main = useRef<HTMLElement>(null);
  const firstView = useRef(true);
  // After a move to another view, focus its heading: a screen reader announces where it landed.
  useEffect(() => {
    if (firstView.current) {
      firstView.current = false;
      return;
    }
    main.current?.querySelector<HTMLElement>("h1")?.focus();
  }, [route.view]);

  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="top-bar">
        <span class="brand">{PRODUCT}</span>
        <nav aria-label="Console">
          <ul class="nav-list">
            {VIEWS.map(({ view, label }) => (
              <li key={view}>
                <Link href={viewPath(view)} class="nav-link" current={route.view === view}>
                  {label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <button type="button" class="button button-quiet sign-out" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main id="main" ref={main}>
        <CurrentView view={route.view} query={route.query} />
      </main>
    </>
  );
}

function CurrentView({ view, query }: { view: View; query: URLSearchParams }) {
  switch (view) {
    case "providers":
      return <ProvidersView />;
    case "ollama":
      return <OllamaView provider={query.get("provider")} />;
    case "keys":
      return <KeysView />;
    case "usage":
      return <UsageView />;
  }
}
