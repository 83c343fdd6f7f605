import type { LightMyRequestResponse } from 'fastify';
import { createAsanaService } from '../../src/asana/index.ts';
import type { ServiceOptions } from '../../src/core/service.ts';
import { caller, startService, type Harness } from '../github/helpers.ts';

/** The Asana fake on a bare Fastify instance, and a caller speaking its `/api/1.0` paths. */

export const API = '/api/1.0';
export const WORKSPACE = '1208000000000001';

export async function startAsana(overrides: Partial<ServiceOptions> = {}): Promise<Harness> {
  return startService(createAsanaService, 'asana', { baseUrl: () => 'http://127.0.0.1:8072', ...overrides });
}

export function asana(h: Harness, token = 'sandbox-asana-token') {
  const call = caller(h, { authorization: `Bearer ${token}` });
  return (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown) =>
    call(method, `${API}${path}`, body);
}

export interface Page<T> {
  data: T[];
  next_page?: { offset: string; path: string; uri: string } | null;
}

export function data<T>(res: LightMyRequestResponse): T {
  return (JSON.parse(res.body) as { data: T }).data;
}

/** Follows `next_page.path` from a first path (with a limit) until it is null; every item and the page count. */
export async function crawl<T>(
  call: ReturnType<typeof asana>,
  first: string,
): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let pages = 0;
  let path: string | null = first;
  while (path !== null) {
    const res = await call('GET', path);
    if (res.statusCode !== 200) throw new Error(`${path} answered ${res.statusCode}: ${res.body}`);
    const page = JSON.parse(res.body) as Page<T>;
    items.push(...page.data);
    pages++;
    // With a limit, Asana always says whether a next page exists: null on the last one.
    if (page.next_page === undefined) throw new Error(`${path} answered without next_page`);
    path = page.next_page ? page.next_page.path : null;
  }
  return { items, pages };
}
