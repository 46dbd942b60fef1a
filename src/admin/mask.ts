/** A secret shown in an admin answer: its first 3 and last 4 characters (`sk-...abcd`); shorter than 16, nothing of it. */
export function maskSecret(secret: string): string {
  return secret.length < 16 ? "****" : `${secret.slice(0, 3)}...${secret.slice(-4)}`;
}
