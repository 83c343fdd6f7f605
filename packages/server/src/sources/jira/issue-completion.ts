import pLimit from 'p-limit';
import type { JiraHttp } from './jira-http.ts';
import { jiraChangelogPageSchema, jiraCommentPageSchema, jiraIssueSchema } from './jira-payloads.ts';
import type { JiraComment, JiraHistory } from './jira-payloads.ts';
import { unexpectedPayload } from './jira-errors.ts';
import { byCreated, type CompleteIssue } from './issue-mapper.ts';

/** Jira's largest page for changelogs and comments. */
const PAGE = 100;
/** Issues of one page completed at once: a few connections, well inside the instance's budget. */
const CONCURRENCY = 4;

/**
 * The whole changelog of an issue. Jira inlines only the most recent histories (`changelog.total` says how
 * many exist); the rest come from `GET /issue/{id}/changelog`, oldest first, until every history is known.
 */
async function allHistories(
  http: JiraHttp,
  issueId: string,
  inline: JiraHistory[],
  total: number,
): Promise<JiraHistory[]> {
  const byId = new Map(inline.map((h) => [h.id, h]));
  for (let startAt = 0; byId.size < total;) {
    const page = await http.json(
      {
        method: 'GET',
        path: `/rest/api/3/issue/${encodeURIComponent(issueId)}/changelog`,
        query: { startAt, maxResults: PAGE },
      },
      jiraChangelogPageSchema,
    );
    for (const h of page.values) byId.set(h.id, h);
    startAt = page.startAt + page.values.length;
    if (page.values.length === 0 || page.isLast === true || startAt >= page.total) break;
  }
  return [...byId.values()].sort(byCreated);
}

/** Every comment of an issue, oldest first, when the inline page holds fewer than `total`. */
async function allComments(
  http: JiraHttp,
  issueId: string,
  inline: JiraComment[],
  total: number,
): Promise<JiraComment[]> {
  const byId = new Map(inline.map((c) => [c.id, c]));
  for (let startAt = 0; byId.size < total;) {
    const page = await http.json(
      {
        method: 'GET',
        path: `/rest/api/3/issue/${encodeURIComponent(issueId)}/comment`,
        query: { startAt, maxResults: PAGE, orderBy: 'created' },
      },
      jiraCommentPageSchema,
    );
    for (const c of page.comments) byId.set(c.id, c);
    startAt = (page.startAt ?? startAt) + page.comments.length;
    if (page.comments.length === 0 || startAt >= page.total) break;
  }
  return [...byId.values()].sort(
    (a, b) => a.created.getTime() - b.created.getTime() || a.id.localeCompare(b.id),
  );
}

/** Parses one issue payload and fetches what its inline changelog and comment pages left out. */
export async function completeIssue(http: JiraHttp, raw: unknown): Promise<CompleteIssue> {
  const parsed = jiraIssueSchema.safeParse(raw);
  if (!parsed.success) throw unexpectedPayload('an issue', parsed.error);
  const issue = parsed.data;
  const changelog = issue.changelog ?? { total: Number.POSITIVE_INFINITY, histories: [] };
  const histories =
    changelog.histories.length < changelog.total
      ? await allHistories(http, issue.id, changelog.histories, changelog.total)
      : [...changelog.histories].sort(byCreated);
  const inlineComments = issue.fields.comment ?? { comments: [], total: 0 };
  const comments =
    inlineComments.comments.length < inlineComments.total
      ? await allComments(http, issue.id, inlineComments.comments, inlineComments.total)
      : inlineComments.comments;
  return { issue, raw, histories, comments };
}

/** Completes the issues of one page, a few at a time, in page order. */
export function completeIssues(http: JiraHttp, raws: readonly unknown[]): Promise<CompleteIssue[]> {
  const limit = pLimit(CONCURRENCY);
  return Promise.all(raws.map((raw) => limit(() => completeIssue(http, raw))));
}
