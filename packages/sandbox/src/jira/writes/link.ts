import { z } from 'zod';
import { LINK_TYPES } from '../catalog/schemes.ts';
import { failure, ok, type JiraResult } from '../failure.ts';
import { invalidPayload } from './issue-writes.ts';
import { item, recordChange, type WriteContext } from './record.ts';

const IssueRef = z.object({ id: z.string().optional(), key: z.string().optional() }).loose();

export const LinkBodySchema = z
  .object({
    type: z.object({ id: z.string().optional(), name: z.string().optional() }).loose(),
    inwardIssue: IssueRef,
    outwardIssue: IssueRef,
  })
  .loose();

/** `POST /issueLink`: links two issues and notes the link in both changelogs, as Jira does. */
export function linkIssues(ctx: WriteContext, body: unknown): JiraResult<null> {
  const parsed = LinkBodySchema.safeParse(body);
  if (!parsed.success) return invalidPayload();
  const { type, inwardIssue, outwardIssue } = parsed.data;
  const linkType = LINK_TYPES.find((l) => l.id === type.id || l.name === type.name);
  if (linkType === undefined)
    return failure(404, [`No issue link type with name '${type.name ?? type.id ?? ''}' found.`]);
  const inward = ctx.store.find(inwardIssue.key ?? inwardIssue.id ?? '');
  const outward = ctx.store.find(outwardIssue.key ?? outwardIssue.id ?? '');
  if (inward < 0 || outward < 0) return failure(404, ['Issue Does Not Exist']);
  ctx.store.world.links.add(outward, inward, linkType.index);
  const inKey = ctx.store.issueKey(inward);
  const outKey = ctx.store.issueKey(outward);
  recordChange(ctx, outward, [
    item('Link', null, null, inKey, `This issue ${linkType.outward} ${inKey}`, 'issuelinks'),
  ]);
  recordChange(ctx, inward, [
    item('Link', null, null, outKey, `This issue ${linkType.inward} ${outKey}`, 'issuelinks'),
  ]);
  return ok(null);
}
