/**
 * Whether a header's name says it carries a secret (`Authorization`, `X-Api-Key`, `X-Auth-Token`,
 * `Cookie`, …): such values are stored sealed, shown masked and kept out of logs.
 */
export function isSecretHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === "authorization" || lower === "cookie" || lower.includes("key") || lower.includes("token") || lower.includes("secret");
}
