/** What changed in the state store: providers (and overrides), or virtual keys. */
export type ChangeScope = "providers" | "keys";

export const CHANGE_SCOPES: readonly ChangeScope[] = ["providers", "keys"];

/** What one replica tells the others. `from` lets a replica ignore its own announcements (it applied them already). */
export interface ChangeMessage {
  from: string;
  scope: ChangeScope;
}

/**
 * How replicas sharing a state store tell each other that it changed, so each re-reads it within a
 * moment instead of at its next periodic re-read. Announcing never throws: a lost message only
 * delays a change until that re-read.
 */
export interface ChangeFeed {
  announce(scope: ChangeScope): Promise<void>;
  close(): Promise<void>;
}

export interface ChangeHandlers {
  /** Another replica changed `scope`. */
  changed(scope: ChangeScope): void;
  /** The feed reconnected: announcements may have been missed, so everything is read again. */
  resumed(): void;
}

export const NO_FEED: ChangeFeed = { announce: async () => {}, close: async () => {} };

export function encodeChange(message: ChangeMessage): string {
  return JSON.stringify(message);
}

/** A message from another replica; undefined for anything else (its own, or garbage on the channel). */
export function decodeChange(text: string, self: string): ChangeScope | undefined {
  try {
    const message = JSON.parse(text) as Partial<ChangeMessage>;
    if (message.from === self || !CHANGE_SCOPES.includes(message.scope as ChangeScope)) return undefined;
    return message.scope;
  } catch {
    return undefined;
  }
}
