/** Counts of webhook deliveries of one service. */
export interface WebhookCounts {
  delivered: number;
  failed: number;
  pending: number;
}

/**
 * Posts webhooks for a service. Fire and forget: a failure is counted, never thrown into the request that
 * caused the event, and nothing is retried.
 */
export class WebhookDispatcher {
  private delivered = 0;
  private failed = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();

  constructor(private readonly timeoutMs = 10_000) {}

  readonly deliver = (url: string, body: string, headers: Record<string, string>): void => {
    if (this.abort.signal.aborted) return;
    const delivery = this.post(url, body, headers).finally(() => this.inFlight.delete(delivery));
    this.inFlight.add(delivery);
  };

  private async post(url: string, body: string, headers: Record<string, string>): Promise<void> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/json', ...headers },
        signal: AbortSignal.any([this.abort.signal, AbortSignal.timeout(this.timeoutMs)]),
      });
      await response.arrayBuffer();
      if (response.ok) this.delivered += 1;
      else this.failed += 1;
    } catch {
      // Receivers that are down, refuse or time out are part of what tests exercise: count, do not throw.
      this.failed += 1;
    }
  }

  counts(): WebhookCounts {
    return { delivered: this.delivered, failed: this.failed, pending: this.inFlight.size };
  }

  resetCounts(): void {
    this.delivered = 0;
    this.failed = 0;
  }

  /** Waits for deliveries under way (tests use it to observe a delivery without polling). */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Aborts deliveries under way and refuses new ones. */
  async close(): Promise<void> {
    this.abort.abort();
    await Promise.allSettled([...this.inFlight]);
  }
}
