import type { Socket } from 'node:net';

/**
 * Timers of delayed and held requests, so that closing a service releases them at once instead of leaving
 * requests (and the test process) waiting for a 30 s timeout fault to expire.
 */
export class Holds {
  private readonly pending = new Set<() => void>();
  private closed = false;

  /** Resolves after `ms`, when `socket` closes, or when the holds are released; resolves true if released early. */
  wait(ms: number, socket: Socket | null): Promise<boolean> {
    if (this.closed) return Promise.resolve(true);
    return new Promise((resolve) => {
      let done = false;
      const finish = (early: boolean): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        socket?.off('close', onClose);
        this.pending.delete(release);
        resolve(early);
      };
      const onClose = (): void => finish(true);
      const release = (): void => finish(true);
      const timer = setTimeout(() => finish(false), ms);
      socket?.once('close', onClose);
      this.pending.add(release);
    });
  }

  releaseAll(): void {
    this.closed = true;
    for (const release of [...this.pending]) release();
  }
}
