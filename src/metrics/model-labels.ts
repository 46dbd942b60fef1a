/**
 * Keeps the `model` label bounded whatever clients send: names that are priced or configured
 * always get their own label, the first `limit` other names seen too, everything else is `other`.
 */
export class ModelLabels {
  private readonly seen = new Set<string>();

  constructor(
    private readonly known: ReadonlySet<string>,
    private readonly limit: number,
  ) {}

  label(model: string): string {
    if (this.known.has(model) || this.seen.has(model)) return model;
    if (this.seen.size < this.limit) {
      this.seen.add(model);
      return model;
    }
    return "other";
  }
}
