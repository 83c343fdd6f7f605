import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { JqlError } from '../jql/ast.ts';
import { compileJql } from '../jql/compile.ts';
import { listParam, parseFields, renderIssueJson, type IssueShape } from '../render/issue.ts';
import { searchPage } from '../search/execute.ts';
import { actorOf, renderContext, type JiraContext } from './context.ts';
import { sendFailure } from './replies.ts';

/** Page sizes Jira Cloud allows: up to 5000 ids, but at most 100 issues once fields are asked for. */
const MAX_ID_PAGE = 5000;
const MAX_FIELD_PAGE = 100;
/** Changelog entries `/search/jql` inlines per issue with `expand=changelog`. */
export const SEARCH_CHANGELOG_LIMIT = 40;

const REMOVED =
  'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046';

const SearchBodySchema = z
  .object({
    jql: z.string().optional(),
    nextPageToken: z.string().optional(),
    maxResults: z.number().int().optional(),
    fields: z.array(z.string()).optional(),
    expand: z.string().optional(),
    properties: z.array(z.string()).optional(),
    fieldsByKeys: z.boolean().optional(),
    reconcileIssues: z.array(z.number().int()).optional(),
  })
  .strict();

interface SearchRequest {
  jql: string;
  nextPageToken: string | null;
  maxResults: number | null;
  fields: string[];
  expand: string[];
}

function fromQuery(q: Record<string, unknown>): SearchRequest | string {
  const max = q.maxResults;
  if (max !== undefined && (typeof max !== 'string' || !/^-?\d+$/.test(max)))
    return `'maxResults' must be an integer.`;
  return {
    jql: typeof q.jql === 'string' ? q.jql : '',
    nextPageToken: typeof q.nextPageToken === 'string' && q.nextPageToken !== '' ? q.nextPageToken : null,
    maxResults: max === undefined ? null : Number(max),
    fields: listParam(q.fields),
    expand: listParam(q.expand),
  };
}

function fromBody(body: unknown): SearchRequest | string {
  const parsed = SearchBodySchema.safeParse(body ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return issue?.code === 'unrecognized_keys'
      ? `Unrecognized field "${issue.keys[0] ?? ''}" in the request body.`
      : 'Invalid request payload. Refer to the REST API documentation and try again.';
  }
  const b = parsed.data;
  return {
    jql: b.jql ?? '',
    nextPageToken: b.nextPageToken ?? null,
    maxResults: b.maxResults ?? null,
    fields: b.fields?.flatMap((f) => listParam(f)) ?? [],
    expand: listParam(b.expand),
  };
}

function search(
  ctx: JiraContext,
  request: FastifyRequest,
  reply: FastifyReply,
  input: SearchRequest | string,
): FastifyReply {
  if (typeof input === 'string')
    return sendFailure(reply, { status: 400, errorMessages: [input], errors: {} });
  const nowMs = ctx.nowMs();
  const currentUser = actorOf(ctx, request);
  let compiled;
  try {
    compiled = compileJql(input.jql, { store: ctx.store, currentUser, nowMs });
  } catch (error) {
    if (!(error instanceof JqlError)) throw error;
    return sendFailure(reply, { status: 400, errorMessages: [error.message], errors: {} });
  }
  if (!compiled.bounded) {
    return sendFailure(reply, {
      status: 400,
      errorMessages: [
        'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
      ],
      errors: {},
    });
  }
  const shape: IssueShape = {
    ...parseFields(input.fields, 'id'),
    expand: new Set(input.expand),
    changelogLimit: SEARCH_CHANGELOG_LIMIT,
  };
  const cap = shape.idOnly && shape.expand.size === 0 ? MAX_ID_PAGE : MAX_FIELD_PAGE;
  const maxResults = Math.min(cap, Math.max(1, input.maxResults ?? 50));
  const cacheKey = `${ctx.store.version}|${currentUser}|${Math.floor(nowMs / 60_000)}|${input.jql}`;
  const outcome = searchPage(
    ctx.store,
    compiled,
    input.jql,
    maxResults,
    input.nextPageToken,
    ctx.searchCache,
    cacheKey,
  );
  if (!outcome.ok) {
    return sendFailure(reply, {
      status: 400,
      errorMessages: ['The provided next page token is invalid or expired.'],
      errors: {},
    });
  }
  const render = renderContext(ctx);
  // Issues are rendered as ASCII JSON text and copied into one buffer: no 700 KB string is built or re-encoded.
  const parts = [Buffer.from('{"issues":[', 'latin1')];
  outcome.page.indexes.forEach((i, n) =>
    parts.push(Buffer.from(`${n === 0 ? '' : ','}${renderIssueJson(render, i, shape)}`, 'latin1')),
  );
  const token = outcome.page.nextPageToken;
  parts.push(
    Buffer.from(
      token === null ? '],"isLast":true}' : `],"nextPageToken":"${token}","isLast":false}`,
      'latin1',
    ),
  );
  return reply.type('application/json; charset=utf-8').send(Buffer.concat(parts));
}

export function registerSearchRoutes(app: FastifyInstance, ctx: JiraContext): void {
  app.get('/rest/api/3/search/jql', (request, reply) =>
    search(ctx, request, reply, fromQuery(request.query as Record<string, unknown>)),
  );
  app.post('/rest/api/3/search/jql', (request, reply) => search(ctx, request, reply, fromBody(request.body)));

  app.post('/rest/api/3/search/approximate-count', (request, reply) => {
    const jql = (request.body as { jql?: unknown } | undefined)?.jql;
    try {
      const compiled = compileJql(typeof jql === 'string' ? jql : '', {
        store: ctx.store,
        currentUser: actorOf(ctx, request),
        nowMs: ctx.nowMs(),
      });
      let count = 0;
      for (let i = 0; i < ctx.store.table.count; i++) if (compiled.matches(i)) count++;
      return reply.send({ count });
    } catch (error) {
      if (!(error instanceof JqlError)) throw error;
      return sendFailure(reply, { status: 400, errorMessages: [error.message], errors: {} });
    }
  });

  // The old search endpoints were removed from Jira Cloud in 2025 and answer 410 Gone.
  for (const path of ['/rest/api/3/search', '/rest/api/2/search']) {
    app.get(path, (_request, reply) =>
      sendFailure(reply, { status: 410, errorMessages: [REMOVED], errors: {} }),
    );
    app.post(path, (_request, reply) =>
      sendFailure(reply, { status: 410, errorMessages: [REMOVED], errors: {} }),
    );
  }
}
