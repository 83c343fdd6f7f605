import type { LimitFunction } from 'p-limit';
import { AppError } from '../../errors/app-error.ts';
import type { SourceItem } from '../source-item.ts';
import type { AsanaApi } from './asana-api.ts';
import { toSourceItem } from './asana-mapper.ts';
import { asanaStorySchema, STORY_FIELDS, type AsanaStory, type AsanaTask } from './asana-payloads.ts';

/** Reading tasks with their complete history: the stories of each task, fetched with bounded concurrency. */

/** Story requests in flight per adapter: a page of 100 tasks costs ~100 story reads, never all at once. */
export const STORY_CONCURRENCY = 8;

/**
 * A gid as it may appear in a request path. Anything else names nothing in Asana (and must not reach the URL,
 * where `../` would leave the API root), so it is `not_found` without a request.
 */
export function requireGid(value: string, what: string): string {
  if (/^\d{1,32}$/.test(value)) return value;
  throw new AppError('not_found', `asana has no ${what} ${JSON.stringify(value.slice(0, 64))}`);
}

export function storiesOf(api: AsanaApi, taskGid: string): Promise<AsanaStory[]> {
  return api.all(
    `tasks/${requireGid(taskGid, 'task')}/stories`,
    { opt_fields: STORY_FIELDS },
    asanaStorySchema,
  );
}

/**
 * Tasks as SourceItems with their stories, in the order given. A task deleted between the listing and its
 * stories is left out: it no longer exists, and the deletion reaches the engine as a not_found on the next read.
 */
export async function withHistory(
  api: AsanaApi,
  limit: LimitFunction,
  tasks: readonly AsanaTask[],
  projectKeyOf: (task: AsanaTask) => string,
): Promise<SourceItem[]> {
  const items = await Promise.all(
    tasks.map((task) =>
      limit(async () => {
        try {
          return toSourceItem(task, await storiesOf(api, task.gid), projectKeyOf(task));
        } catch (error) {
          if (error instanceof AppError && error.code === 'not_found') return null;
          throw error;
        }
      }),
    ),
  );
  return items.filter((item): item is SourceItem => item !== null);
}
