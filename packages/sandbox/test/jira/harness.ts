import { afterAll, beforeAll, expect } from 'vitest';
import type { SandboxConfigInput } from '../../src/config.ts';
import { startSandboxWith, type Sandbox } from '../../src/core/sandbox.ts';
import { createJiraService, DEFAULT_JIRA_EMAIL, DEFAULT_JIRA_TOKEN } from '../../src/jira/index.ts';
import { loadOpenApi, validateComponent, validateResponse, type OpenApiDoc } from '../contract/openapi.ts';
import { specsDir } from '../contract/specs.ts';

export const DEFAULT_AUTH = `Basic ${Buffer.from(`${DEFAULT_JIRA_EMAIL}:${DEFAULT_JIRA_TOKEN}`).toString('base64')}`;

export interface Reply {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** Parsed JSON, or undefined when the body is empty or not JSON. */
  body: unknown;
}

/** A running Jira fake and a small HTTP client for it. */
export interface JiraFixture {
  sandbox: Sandbox;
  url: string;
  request(
    method: string,
    path: string,
    options?: { body?: unknown; raw?: string; auth?: string | null; headers?: Record<string, string> },
  ): Promise<Reply>;
}

/** Starts Jira alone (ephemeral port) with the given options; `now` is pinned so data is reproducible. */
export async function startJira(config: SandboxConfigInput = {}): Promise<JiraFixture> {
  const sandbox = await startSandboxWith(
    { now: '2026-06-01T10:00:00.000Z', ...config, jira: { port: 0, size: 2000, ...config.jira } },
    { jira: createJiraService },
  );
  const url = sandbox.urls.jira ?? '';
  return {
    sandbox,
    url,
    async request(method, path, options = {}) {
      const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
      const auth = options.auth === undefined ? DEFAULT_AUTH : options.auth;
      if (auth !== null) headers.authorization = auth;
      let payload: string | undefined;
      if (options.raw !== undefined) payload = options.raw;
      else if (options.body !== undefined) payload = JSON.stringify(options.body);
      if (payload !== undefined) headers['content-type'] ??= 'application/json';
      const response = await fetch(`${url}${path}`, {
        method,
        headers,
        ...(payload === undefined ? {} : { body: payload }),
      });
      const text = await response.text();
      let body: unknown;
      try {
        body = text === '' ? undefined : JSON.parse(text);
      } catch {
        body = undefined;
      }
      return { status: response.status, headers: Object.fromEntries(response.headers.entries()), text, body };
    },
  };
}

/** One Jira fake per test file, closed after the file's tests. */
export function useJira(config: SandboxConfigInput = {}): () => JiraFixture {
  let fixture: JiraFixture | null = null;
  beforeAll(async () => {
    fixture = await startJira(config);
  });
  afterAll(async () => {
    await fixture?.sandbox.close();
  });
  return () => {
    if (fixture === null) throw new Error('Jira fixture not started');
    return fixture;
  };
}

let jiraDoc: OpenApiDoc | null = null;

export function jiraSpec(): OpenApiDoc {
  jiraDoc ??= loadOpenApi(`${specsDir()}/jira-platform-v3.openapi.json`);
  return jiraDoc;
}

/** Asserts that a reply matches the Jira description for the operation (status, headers, body). */
export function expectContract(reply: Reply, method: string, pathTemplate: string): void {
  const result = validateResponse(jiraSpec(), {
    method,
    pathTemplate,
    status: reply.status,
    headers: reply.headers,
    body: reply.text,
  });
  expect(result.errors).toEqual([]);
}

/** Asserts a Jira error body: `{"errorMessages": [...], "errors": {...}}`, valid as the description's ErrorCollection. */
export function expectJiraError(
  reply: Reply,
  status: number,
  messages: string[],
  errors: Record<string, string> = {},
): void {
  expect(reply.status).toBe(status);
  expect(reply.body).toEqual({ errorMessages: messages, errors });
  expect(validateComponent(jiraSpec(), 'ErrorCollection', reply.body).errors).toEqual([]);
}

export function q(jql: string): string {
  return encodeURIComponent(jql);
}

export interface SearchBody {
  issues: {
    id: string;
    key?: string;
    fields?: Record<string, unknown>;
    changelog?: {
      total: number;
      maxResults: number;
      startAt: number;
      histories: { id: string; created: string }[];
    };
  }[];
  nextPageToken?: string;
  isLast: boolean;
}
