import { z } from 'zod';
import { summaryOf } from './data/derive.ts';
import type { JiraStore, StoreEvent } from './data/store.ts';
import { JqlError } from './jql/ast.ts';
import { compileJql, type Predicate } from './jql/compile.ts';
import { changeItemJson } from './render/changelog.ts';
import { commentJson } from './render/comment.ts';
import type { RenderContext } from './render/fields.ts';
import { parseFields, renderIssue } from './render/issue.ts';
import { DAY } from './time.ts';

export const WEBHOOK_EVENTS = [
  'jira:issue_created',
  'jira:issue_updated',
  'jira:issue_deleted',
  'comment_created',
  'comment_updated',
  'comment_deleted',
  'issue_property_set',
  'issue_property_deleted',
  'sprint_created',
  'sprint_updated',
  'sprint_closed',
  'sprint_deleted',
  'sprint_started',
  'jira:version_released',
  'jira:version_unreleased',
  'jira:version_created',
  'jira:version_moved',
  'jira:version_updated',
  'jira:version_merged',
  'jira:version_deleted',
] as const;

export const RegisterBodySchema = z
  .object({
    url: z.string().min(1),
    webhooks: z.array(
      z
        .object({
          events: z.array(z.enum(WEBHOOK_EVENTS)).min(1),
          jqlFilter: z.string(),
          fieldIdsFilter: z.array(z.string()).optional(),
          issuePropertyKeysFilter: z.array(z.string()).optional(),
        })
        .strict(),
    ),
  })
  .strict();

export const DeleteBodySchema = z.object({ webhookIds: z.array(z.number().int()) }).strict();

interface Registration {
  id: number;
  url: string;
  events: string[];
  jqlFilter: string;
  fieldIdsFilter: string[] | null;
  expirationDate: number;
  matches: Predicate;
}

/** Dynamic webhooks (`/rest/api/3/webhook`): registrations expire after 30 days unless refreshed, as in Jira Cloud. */
export class JiraWebhooks {
  private readonly registrations = new Map<number, Registration>();
  private nextId = 1;
  private sequence = 0;

  constructor(
    private readonly store: JiraStore,
    private readonly render: () => RenderContext,
    private readonly deliver: (url: string, body: string, headers: Record<string, string>) => void,
  ) {}

  register(
    body: z.infer<typeof RegisterBodySchema>,
    actor: number,
    nowMs: number,
  ): { createdWebhookId?: number; errors?: string[] }[] {
    return body.webhooks.map((w) => {
      let matches: Predicate;
      try {
        matches = compileJql(w.jqlFilter, { store: this.store, currentUser: actor, nowMs }).matches;
      } catch (error) {
        if (!(error instanceof JqlError)) throw error;
        return { errors: [`The JQL filter is invalid: ${error.message}`] };
      }
      const id = this.nextId++;
      this.registrations.set(id, {
        id,
        url: body.url,
        events: [...w.events],
        jqlFilter: w.jqlFilter,
        fieldIdsFilter: w.fieldIdsFilter ?? null,
        expirationDate: nowMs + 30 * DAY,
        matches,
      });
      return { createdWebhookId: id };
    });
  }

  list(): Registration[] {
    return [...this.registrations.values()];
  }

  remove(ids: readonly number[]): void {
    for (const id of ids) this.registrations.delete(id);
  }

  refresh(ids: readonly number[], nowMs: number): number {
    const expirationDate = nowMs + 30 * DAY;
    for (const id of ids) {
      const r = this.registrations.get(id);
      if (r !== undefined) r.expirationDate = expirationDate;
    }
    return expirationDate;
  }

  get size(): number {
    return this.registrations.size;
  }

  /** Delivers a store change to every live registration whose events and JQL filter match it. */
  handle(event: StoreEvent, nowMs: number): void {
    if (this.registrations.size === 0) return;
    const ctx = this.render();
    const payloads: { name: string; build: () => Record<string, unknown> }[] = [];
    const issue = (): Record<string, unknown> =>
      renderIssue(ctx, event.issue, {
        ...parseFields(['*all'], '*all'),
        expand: new Set(),
        changelogLimit: 0,
      });
    const user = ctx.refs.users[event.actor];
    switch (event.kind) {
      case 'issue_created':
        payloads.push({
          name: 'jira:issue_created',
          build: () => ({
            webhookEvent: 'jira:issue_created',
            issue_event_type_name: 'issue_created',
            user,
            issue: issue(),
          }),
        });
        break;
      case 'issue_updated':
        payloads.push({
          name: 'jira:issue_updated',
          build: () => ({
            webhookEvent: 'jira:issue_updated',
            issue_event_type_name: event.eventType,
            user,
            issue: issue(),
            changelog: { id: String(event.history.id), items: event.history.items.map(changeItemJson) },
          }),
        });
        break;
      case 'issue_deleted':
        payloads.push({
          name: 'jira:issue_deleted',
          build: () => ({
            webhookEvent: 'jira:issue_deleted',
            issue_event_type_name: 'issue_deleted',
            user,
            issue: issue(),
          }),
        });
        break;
      case 'comment_created': {
        const comment = commentJson(ctx.refs, this.store.issueId(event.issue), event.comment);
        const brief = (): Record<string, unknown> => ({
          id: this.store.issueId(event.issue),
          self: `${ctx.refs.base}/rest/api/3/issue/${this.store.issueId(event.issue)}`,
          key: this.store.issueKey(event.issue),
          fields: {
            summary: summaryOf(this.store, event.issue),
            status: ctx.refs.statuses[this.store.table.status[event.issue] ?? 0],
          },
        });
        payloads.push({
          name: 'comment_created',
          build: () => ({ webhookEvent: 'comment_created', comment, issue: brief() }),
        });
        payloads.push({
          name: 'jira:issue_updated',
          build: () => ({
            webhookEvent: 'jira:issue_updated',
            issue_event_type_name: 'issue_commented',
            user,
            issue: issue(),
            comment,
          }),
        });
        break;
      }
    }
    for (const payload of payloads) {
      const byUrl = new Map<string, number[]>();
      for (const r of this.registrations.values()) {
        if (r.expirationDate < nowMs || !r.events.includes(payload.name) || !r.matches(event.issue)) continue;
        if (
          event.kind === 'issue_updated' &&
          r.fieldIdsFilter !== null &&
          !event.history.items.some((it) => r.fieldIdsFilter?.includes(it.fieldId))
        )
          continue;
        byUrl.set(r.url, [...(byUrl.get(r.url) ?? []), r.id]);
      }
      if (byUrl.size === 0) continue;
      const body = payload.build();
      for (const [url, ids] of byUrl) {
        this.sequence += 1;
        this.deliver(url, JSON.stringify({ timestamp: nowMs, ...body, matchedWebhookIds: ids }), {
          'user-agent': 'Atlassian Webhook HTTP Client',
          'x-atlassian-webhook-identifier': `${ids[0] ?? 0}-${this.sequence}`,
        });
      }
    }
  }
}
