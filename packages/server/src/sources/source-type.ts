import { z } from 'zod';

export const sourceTypeSchema = z.enum(['jira', 'github', 'asana', 'linear']);
export type SourceType = z.infer<typeof sourceTypeSchema>;

export const normalizedStatusSchema = z.enum(['open', 'in_progress', 'done', 'closed']);
export const normalizedTypeSchema = z.enum(['bug', 'task', 'story', 'epic', 'issue', 'pr', 'subtask']);
export const normalizedPrioritySchema = z.enum(['critical', 'high', 'medium', 'low', 'none']);
export type NormalizedStatus = z.infer<typeof normalizedStatusSchema>;
export type NormalizedType = z.infer<typeof normalizedTypeSchema>;
export type NormalizedPriority = z.infer<typeof normalizedPrioritySchema>;
