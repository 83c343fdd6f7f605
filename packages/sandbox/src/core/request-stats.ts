import type { FastifyInstance } from 'fastify';

/** Request counts by route template and status, for `GET /_sandbox/stats`. */
export class RequestStats {
  private byRoute = new Map<string, Map<number, number>>();
  private total = 0;

  record(route: string, status: number): void {
    this.total += 1;
    let statuses = this.byRoute.get(route);
    if (statuses === undefined) {
      statuses = new Map();
      this.byRoute.set(route, statuses);
    }
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  }

  snapshot(): { total: number; byRoute: Record<string, Record<string, number>> } {
    const byRoute: Record<string, Record<string, number>> = {};
    for (const [route, statuses] of [...this.byRoute].sort(([a], [b]) => a.localeCompare(b))) {
      byRoute[route] = Object.fromEntries(
        [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => [String(s), n]),
      );
    }
    return { total: this.total, byRoute };
  }

  reset(): void {
    this.byRoute = new Map();
    this.total = 0;
  }
}

/** Counts every answered request, except the sandbox's own admin routes. */
export function installRequestStats(app: FastifyInstance, stats: RequestStats, adminPrefix: string): void {
  app.addHook('onResponse', (request, reply, done) => {
    if (!request.url.startsWith(adminPrefix)) {
      const template = request.routeOptions.url ?? '(unmatched)';
      stats.record(`${request.method} ${template}`, reply.statusCode);
    }
    done();
  });
}
