import { useEffect, useRef, useState } from "preact/hooks";
import { pullOllamaModel } from "../../api/admin.js";
import { useApi } from "../../api/context.js";
import { advancePull, PULL_STARTED, type PullProgress } from "../../api/pull-progress.js";
import { Field } from "../../components/field.js";
import { formatBytes } from "../../format.js";

/** Pull a model with a live progress bar from the NDJSON stream; Cancel (or leaving the page) stops it. */
export function PullForm({ provider, onPulled }: { provider: string; onPulled(model: string): void }) {
  const api = useApi();
  const [model, setModel] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [pull, setPull] = useState<{ model: string; progress: PullProgress } | undefined>();
  const running = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => running.current?.abort(), []);

  const start = async (event: Event) => {
    event.preventDefault();
    const name = model.trim();
    if (!name) {
      setError("Name a model, e.g. llama3.2 or qwen3:8b.");
      return;
    }
    setError(undefined);
    const controller = new AbortController();
    running.current = controller;
    let progress = PULL_STARTED;
    setPull({ model: name, progress });
    try {
      await pullOllamaModel(
        api,
        provider,
        name,
        (line) => {
          progress = advancePull(progress, line);
          setPull({ model: name, progress });
        },
        controller.signal,
      );
      if (!progress.done) throw new Error("The pull ended before Ollama reported success.");
      setModel("");
      onPulled(name);
    } catch (failure) {
      if (!controller.signal.aborted) setError(`Pulling ${name} failed: ${(failure as Error).message}`);
    } finally {
      running.current = undefined;
      setPull(undefined);
    }
  };

  return (
    <form class="pull-form" onSubmit={start} noValidate aria-labelledby="pull-heading">
      <h2 id="pull-heading">Pull a model</h2>
      <div class="inline-form">
        <Field label="Model" error={error} hint="A name from the Ollama library, with a tag if you like: llama3.2:1b.">
          {(control) => (
            <input
              {...control}
              value={model}
              onInput={(event) => setModel(event.currentTarget.value)}
              disabled={pull !== undefined}
              autocomplete="off"
              spellcheck={false}
            />
          )}
        </Field>
        {pull ? (
          <button type="button" class="button" onClick={() => running.current?.abort()}>
            Cancel
          </button>
        ) : (
          <button type="submit" class="button button-primary">
            Pull
          </button>
        )}
      </div>
      {pull && <PullBar model={pull.model} progress={pull.progress} />}
    </form>
  );
}

function PullBar({ model, progress }: { model: string; progress: PullProgress }) {
  const percent = progress.fraction === undefined ? undefined : Math.floor(progress.fraction * 100);
  return (
    <div class="pull-progress">
      <label for="pull-bar">
        Pulling {model}: {progress.status}
      </label>
      {/* Without a value the bar shows it is busy: the first lines name no size yet. */}
      <progress id="pull-bar" max={1} value={progress.fraction} aria-valuetext={percent === undefined ? progress.status : `${percent}%`} />
      <p class="muted">
        {percent === undefined
          ? "Waiting for Ollama…"
          : `${percent}% · ${formatBytes(progress.completed)} of ${formatBytes(progress.total)}`}
      </p>
      {/* Read out in quarters: every line of the stream would be a flood. */}
      <p class="visually-hidden" role="status">
        {percent === undefined ? `Pulling ${model}` : `${model}: ${Math.floor(percent / 25) * 25}%`}
      </p>
    </div>
  );
}
