import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/with-tenant.ts';
import type { Logger } from '../observability/logger.ts';
import { claimNextJob, DEFAULT_LEASE_SECONDS } from './job-store.ts';
import type { SyncJob } from './job-types.ts';
import { runJob, type RunJobDeps } from './run-job.ts';

export interface SyncWorkerOptions extends Omit<RunJobDeps, 'workerId' | 'stopping' | 'db'> {
  db: { owner: Kysely<Database>; runtime: Kysely<Database> };
  logger: Logger;
  /** How often an idle worker looks for jobs. */
  pollMs?: number;
  /** A job whose heartbeat is older than this is taken over by another worker (default 30 s). */
  leaseSeconds?: number;
  /** Heartbeat period (default a third of the lease). */
  heartbeatMs?: number;
}

/**
 * Claims and runs sync jobs one at a time until stopped. Several workers (threads of one process or
 * several processes) share the queue in Postgres; a heartbeat keeps the claimed job's lease alive while a
 * page waits on the upstream. Stopping releases the job at its checkpoint for another worker.
 */
export class SyncWorker {
  readonly id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  readonly #options: SyncWorkerOptions;
  #stopping = false;
  #loop: Promise<void> | undefined;
  #wake: AbortController = new AbortController();

  constructor(options: SyncWorkerOptions) {
    this.#options = options;
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** Wakes an idle worker at once (after a job was queued in this process). */
  poke(): void {
    this.#wake.abort();
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.poke();
    await this.#loop;
  }

  async #run(): Promise<void> {
    const { logger } = this.#options;
    while (!this.#stopping) {
      let job: SyncJob | undefined;
      try {
        job = await claimNextJob(this.#options.db, this.id, this.#options.leaseSeconds);
        if (job !== undefined) await this.#runWithHeartbeat(job);
      } catch (error) {
        logger.error({ err: error }, 'sync worker iteration failed');
      }
      if (job === undefined && !this.#stopping) {
        this.#wake = new AbortController();
        await sleep(this.#options.pollMs ?? 1000, undefined, { signal: this.#wake.signal }).catch(
          () => undefined,
        );
      }
    }
  }

  async #runWithHeartbeat(job: SyncJob): Promise<void> {
    const { db } = this.#options;
    const beat = setInterval(
      () => {
        void withTenant(db.runtime, job.tenantId, (trx) =>
          sql`update sync_jobs set heartbeat_at = now()
            where tenant_id = ${job.tenantId}::uuid and id = ${job.id}::uuid and locked_by = ${this.id} and status = 'running'`.execute(
            trx,
          ),
        ).catch(() => undefined);
      },
      this.#options.heartbeatMs ?? ((this.#options.leaseSeconds ?? DEFAULT_LEASE_SECONDS) * 1000) / 3,
    );
    try {
      const end = await runJob({ ...this.#options, workerId: this.id, stopping: () => this.#stopping }, job);
      if (end === 'released') {
        await withTenant(db.runtime, job.tenantId, (trx) =>
          sql`update sync_jobs set status = 'pending', locked_by = null
              where tenant_id = ${job.tenantId}::uuid and id = ${job.id}::uuid and locked_by = ${this.id}`.execute(
            trx,
          ),
        );
      }
    } finally {
      clearInterval(beat);
    }
  }
}
