import { randomBytes } from "node:crypto";

/** OpenAI's id prefixes: a response, and the items it holds (messages, function calls and their outputs, reasoning). */
export type IdPrefix = "resp" | "msg" | "fc" | "fco" | "rs";

/** A fresh id in OpenAI's form (`resp_` and 48 hex digits), unguessable: a stored response's id is what lets a client read it. */
export function newId(prefix: IdPrefix): string {
  return `${prefix}_${randomBytes(24).toString("hex")}`;
}
