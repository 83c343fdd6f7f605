import { crossSourceSummary } from './cross-source-summary.ts';
import { getIssueHistory } from './get-issue-history.ts';
import { getProjectMetrics } from './get-project-metrics.ts';
import { getStuckIssues } from './get-stuck-issues.ts';
import { getUserWorkload } from './get-user-workload.ts';
import { getWorkItem } from './get-work-item.ts';
import { leadTimeMetrics } from './lead-time-metrics.ts';
import { listProjects } from './list-projects.ts';
import { searchIssuesByProject } from './search-issues-by-project.ts';
import { searchIssuesByText } from './search-issues-by-text.ts';
import type { SqlTemplate } from './sql-template.ts';

/** The whitelist (design rule 9): MCP SQL runs these templates and nothing else, in this order. */
export const sqlTemplates: readonly SqlTemplate[] = [
  searchIssuesByProject,
  getProjectMetrics,
  searchIssuesByText,
  getIssueHistory,
  getUserWorkload,
  leadTimeMetrics,
  getStuckIssues,
  getWorkItem,
  crossSourceSummary,
  listProjects,
];
