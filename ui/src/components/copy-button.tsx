import { useState } from "preact/hooks";

/**
 * Copies `text` to the clipboard. Pages served over plain HTTP to another machine have no
 * Clipboard API (it needs a secure context), so the text in `fallbackInput` is selected and copied
 * the old way there.
 */
export function CopyButton({ text, label, fallbackInput }: { text: string; label: string; fallbackInput?: () => HTMLInputElement | null }) {
  const [result, setResult] = useState<"copied" | "failed" | undefined>();
  const copy = async () => {
    try {
      if (navigator.clipboard) await navigator.clipboard.writeText(text);
      else copyBySelection(fallbackInput?.());
      setResult("copied");
    } catch {
      setResult("failed");
    }
  };
  return (
    <>
      <button type="button" class="button" onClick={copy}>
        {result === "copied" ? "Copied" : label}
      </button>
      <span class="visually-hidden" role="status">
        {result === "copied" ? "Copied to the clipboard" : result === "failed" ? "Could not copy: select the text and copy it" : ""}
      </span>
    </>
  );
}

function copyBySelection(input: HTMLInputElement | null | undefined): void {
  if (!input) throw new Error("nothing to select");
  input.select();
  if (!document.execCommand("copy")) throw new Error("copy refused");
}
