export type ContentEncoding = "br" | "gzip";

/**
 * The encoding to send, of those available, by the client's `Accept-Encoding` weights (RFC 9110
 * §12.5.3): the highest weight wins, Brotli on a tie (smaller); `q=0` refuses; `*` stands for any
 * coding not named. Undefined: send the bytes as they are.
 */
export function preferredEncoding(
  header: string | null | undefined,
  available: Record<ContentEncoding, boolean>,
): ContentEncoding | undefined {
  if (!header) return undefined;
  const weights = new Map<string, number>();
  for (const part of header.split(",")) {
    const [rawName = "", ...params] = part.split(";");
    const name = rawName.trim().toLowerCase();
    if (!name) continue;
    const q = params.map((param) => param.trim().toLowerCase()).find((param) => param.startsWith("q="));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (coding: ContentEncoding) => weights.get(coding) ?? weights.get("*") ?? 0;
  let best: ContentEncoding | undefined;
  for (const coding of ["br", "gzip"] as const) {
    if (!available[coding] || weightOf(coding) <= 0) continue;
    if (best === undefined || weightOf(coding) > weightOf(best)) best = coding;
  }
  return best;
}
