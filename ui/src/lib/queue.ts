// Runs tasks one at a time in the order they were queued, so that a burst of
// scans reaches the core in the order it was typed. A failing task does not
// stop the ones behind it.

export class CommandQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  constructor(private readonly onPendingChange: (pending: number) => void = () => {}) {}

  /** Tasks queued or running. */
  get pending(): number {
    return this.waiting;
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    this.changePending(+1);
    const result = this.tail.then(task).finally(() => this.changePending(-1));
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once everything queued so far has finished. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }

  private changePending(delta: number): void {
    this.waiting += delta;
    this.onPendingChange(this.waiting);
  }
}
