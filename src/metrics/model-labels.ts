/**
 * Keeps the `model` label bounded whatever clients send: names that are priced or configured
 * always get their own label, the first `limit` other names that were answered too, everything
 * else is `other`.
 */
export class ModelLabels {
  private readonly seen = new Set<string>();

  constructor(
    private known: ReadonlySet<string>,
    private readonly limit: number,
  ) {}

  /** The names a reloaded config knows; names already given a label keep it. */
  useKnown(known: ReadonlySet<string>): void {
    this.known = known;
  }

  /** `admit`: whether this name may take a free slot (only names an upstream answered do). */
  label(model: string, admit: boolean): string {
    if (this.known.has(model) || this.seen.has(model)) return model;
    if (admit && this.seen.size < this.limit) {
      this.seen.add(model);
      return model;
    }
    return "other";
  }
}
