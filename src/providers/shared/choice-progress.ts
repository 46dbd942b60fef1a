/**
 * Which choices of a stream started and which finished: with `n > 1` one choice may finish
 * before another, and a stream that ends without its end marker is whole only when every
 * choice it started has its finish_reason.
 */
export class ChoiceProgress {
  private readonly started = new Set<number>();
  private readonly finished = new Set<number>();

  note(choice: { index?: number; finish_reason?: string | null }, position = 0): void {
    const index = typeof choice.index === "number" ? choice.index : position;
    this.started.add(index);
    if (choice.finish_reason) this.finished.add(index);
  }

  get complete(): boolean {
    return this.started.size > 0 && this.finished.size === this.started.size;
  }
}
