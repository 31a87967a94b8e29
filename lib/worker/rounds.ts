// A worker's loop, shared by the delivery dispatcher and the Microsoft connector's sync: rounds of
// work until stopped — right away again after a round that had work, else after a pause that
// wake() cuts short. A round that throws is reported and the loop goes on.

export class Rounds {
  private stopped = false;
  private loop: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(
    /** One round; true when it had work (the next starts at once). */
    private readonly round: () => Promise<boolean>,
    /** The pause after a round without work, in milliseconds. */
    private readonly pauseMs: () => number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** stop() was called: no new work should start. */
  get stopping(): boolean {
    return this.stopped;
  }

  start(): void {
    if (this.loop) return;
    this.stopped = false;
    this.loop = (async () => {
      while (!this.stopped) {
        let busy = false;
        try {
          busy = await this.round();
        } catch (error) {
          this.onError(error);
        }
        if (!this.stopped && !busy) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, this.pauseMs());
            this.wakeUp = () => {
              clearTimeout(timer);
              resolve();
            };
          });
        }
      }
    })();
  }

  /** Starts the next round now instead of after the pause. */
  wake(): void {
    this.wakeUp?.();
  }

  /** No new round; resolves when the current one has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.loop;
    this.loop = undefined;
  }
}
