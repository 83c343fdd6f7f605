import { z } from 'zod';
import type { SourceInstance } from '../../../repositories/source-instances.ts';
import { browseUrl, issueView, issueViewSchema } from '../issue-view.ts';
import type { WriteThrough } from '../write-through.ts';

/** What a write tool answers about the issue it changed: the issue as Jira has it now. */
export const writtenIssueSchema = z.object({
  instance_id: z.string(),
  key: z.string(),
  url: z.string(),
  issue: issueViewSchema.nullable().describe('The issue after the write; null if reading it back failed'),
  synced: z
    .boolean()
    .describe(
      'True when the change is already in the synced data (MCP SQL); otherwise the next sync brings it',
    ),
});
export type WrittenIssue = z.infer<typeof writtenIssueSchema>;

export function writtenIssue(instance: SourceInstance, key: string, through: WriteThrough): WrittenIssue {
  const item = through.items.get(key);
  const actualKey = item?.key ?? key;
  return {
    instance_id: instance.id,
    key: actualKey,
    url: browseUrl(instance, actualKey),
    issue: item === undefined ? null : issueView(instance, item.raw),
    synced: through.synced,
  };
}
