import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { AppError } from '../../errors/app-error.ts';

export interface McpSession {
  id: string;
  tokenId: string;
  tenantId: string;
  server: McpServer;
  transport: Transport;
  lastSeen: number;
}

export interface SessionLimits {
  /** Sessions one token may hold open at once. */
  perToken: number;
  /** Idle sessions are closed after this long. */
  idleMs: number;
}

/**
 * Open MCP sessions of one server, each bound to the token that opened it: a session id presented with
 * another token answers exactly like an unknown one. Bounded per token and swept when idle, so a client
 * cannot exhaust memory by opening sessions.
 */
export class SessionStore {
  readonly #sessions = new Map<string, McpSession>();
  readonly #limits: SessionLimits;
  readonly #now: () => number;
  readonly #sweeper: NodeJS.Timeout;

  constructor(limits: SessionLimits, now: () => number = Date.now) {
    this.#limits = limits;
    this.#now = now;
    this.#sweeper = setInterval(() => void this.sweep(), Math.min(limits.idleMs, 60_000));
    this.#sweeper.unref();
  }

  /** The caller's session, or undefined for an unknown id or one opened by another token. */
  get(id: string | undefined, tokenId: string): McpSession | undefined {
    if (id === undefined) return undefined;
    const session = this.#sessions.get(id);
    if (session === undefined || session.tokenId !== tokenId) return undefined;
    session.lastSeen = this.#now();
    return session;
  }

  assertRoom(tokenId: string): void {
    let open = 0;
    for (const s of this.#sessions.values()) if (s.tokenId === tokenId) open += 1;
    if (open >= this.#limits.perToken) {
      throw new AppError(
        'rate_limited',
        `this token already has ${open} open MCP sessions; close one first`,
        {
          retryAfter: 60,
        },
      );
    }
  }

  add(session: Omit<McpSession, 'lastSeen'>): void {
    this.#sessions.set(session.id, { ...session, lastSeen: this.#now() });
  }

  delete(id: string): void {
    this.#sessions.delete(id);
  }

  get size(): number {
    return this.#sessions.size;
  }

  /** Closes sessions idle for longer than the limit. */
  async sweep(): Promise<void> {
    const cutoff = this.#now() - this.#limits.idleMs;
    const idle = [...this.#sessions.values()].filter((s) => s.lastSeen < cutoff);
    await Promise.allSettled(idle.map((s) => this.#close(s)));
  }

  async closeAll(): Promise<void> {
    clearInterval(this.#sweeper);
    await Promise.allSettled([...this.#sessions.values()].map((s) => this.#close(s)));
  }

  async #close(session: McpSession): Promise<void> {
    this.#sessions.delete(session.id);
    await session.server.close();
  }
}
