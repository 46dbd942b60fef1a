import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(here, "../fixtures");
const TEST_DATA = join(here, "../data");

/** A recording of real provider traffic (test/fixtures, copied from the shared collection). */
export function fixture(path: string): string {
  return readFileSync(join(FIXTURES, path), "utf8");
}

/** A sample of our own, with its source in test/data/README.md. */
export function testData(path: string): string {
  return readFileSync(join(TEST_DATA, path), "utf8");
}

/** The non-empty lines of a JSONL / NDJSON text. */
export function lines(text: string): string[] {
  return text.split("\n").filter((line) => line.trim().length > 0);
}
