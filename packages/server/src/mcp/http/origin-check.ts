import { AppError } from '../../errors/app-error.ts';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * DNS-rebinding defence for the MCP endpoints: a browser page may only reach them from a loopback origin
 * or one on the allowlist. Requests without `Origin` (desktop and server clients) pass.
 */
export function assertAllowedOrigin(origin: string | undefined, allowlist: readonly string[]): void {
  if (origin === undefined) return;
  if (allowlist.includes(origin)) return;
  let hostname: string;
  try {
    const url = new URL(origin);
    hostname = url.hostname;
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
  } catch {
    throw new AppError('forbidden', 'origin not allowed');
  }
  if (!LOOPBACK.has(hostname)) throw new AppError('forbidden', 'origin not allowed');
}
