/**
 * The master key lives in sessionStorage: gone when the tab closes, never written to disk by the
 * page, not shared with other tabs, and sent only as a Bearer header to this origin.
 */
const STORAGE_KEY = "llm-proxy.master-key";

export function storedMasterKey(): string | null {
  return sessionStorage.getItem(STORAGE_KEY);
}

export function storeMasterKey(key: string): void {
  sessionStorage.setItem(STORAGE_KEY, key);
}

export function forgetMasterKey(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}
