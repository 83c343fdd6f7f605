import type { Rng } from '../../core/rng.ts';
import { bulletList, doc, paragraph, type AdfDoc } from '../adf.ts';
import type { ProjectDef } from '../catalog/projects.ts';
import { BUG, EPIC, STORY, SUBTASK } from '../catalog/schemes.ts';

const FAILURES = ['returns a 500', 'times out', 'shows a blank state', 'double-submits', 'loses the selection',
  'renders twice', 'ignores the locale', 'crashes', 'is slow', 'shows stale data', 'throws a validation error'];
const TRIGGERS = ['after a session refresh', 'on a slow network', 'for users in Brazil', 'when the cart is empty',
  'with more than 100 items', 'right after login', 'in Safari', 'on retry', 'during the nightly run',
  'when the feature flag is off', 'for accounts created before 2024'];
const ROLES = ['merchant', 'support agent', 'finance admin', 'new user', 'team owner', 'on-call engineer', 'analyst'];
const CAPABILITIES = ['export the results to CSV', 'filter by date range', 'undo the last change', 'see an audit trail',
  'get notified by e-mail', 'bulk edit items', 'retry failed operations', 'share a read-only link'];
const VERBS = ['Upgrade', 'Refactor', 'Document', 'Add monitoring for', 'Remove dead code in', 'Add tests for',
  'Migrate', 'Harden', 'Speed up', 'Clean up logging in', 'Review permissions of'];
const EPIC_THEMES = ['v2', 'overhaul', 'GA readiness', 'reliability push', 'EU rollout', 'cost reduction', 'redesign'];
const SUBTASK_STEPS = ['Write migration for', 'Update API docs for', 'Add feature flag for', 'QA pass on',
  'Wire analytics into', 'Handle errors in', 'Add e2e test for'];
const CONTEXT = [
  'Reported by two customers this week; the support ticket links are in the thread.',
  'This has been on the roadmap since the last planning session.',
  'Low risk, but it keeps showing up in the on-call handover.',
  'We agreed to tackle this before the next release train.',
  'The metrics dashboard shows a clear regression since the last deploy.',
  'Needs a decision from product before we start.',
];
const ACCEPTANCE = ['Covered by automated tests', 'Behind a feature flag', 'Dashboards updated',
  'Runbook updated', 'Reviewed by the owning team', 'No new alerts after a week in production'];
const COMMENTS = [
  'Looked into this: the root cause is a missing index on the lookup table.',
  'Can we get this into the next sprint?',
  'PR is up for review, would appreciate a second pair of eyes.',
  'Deployed to staging, please verify.',
  'Still seeing this on production after the fix.',
  'Blocked on the API change from the platform team.',
  'I could not reproduce it locally; attaching the logs I have.',
  'Moving this back, the approach in the PR does not cover retries.',
  'Paired on this today, we should be done by Friday.',
  'Customer confirmed the fix works for them.',
  'Lowering the priority, there is a workaround documented in the runbook.',
  'Split the remaining work into sub-tasks.',
];

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function summaryFor(rng: Rng, project: ProjectDef, type: number): string {
  const subject = rng.pick(project.subjects);
  switch (type) {
    case BUG:
      return `${capitalize(subject)} ${rng.pick(FAILURES)} ${rng.pick(TRIGGERS)}`;
    case STORY:
      return `As a ${rng.pick(ROLES)}, I can ${rng.pick(CAPABILITIES)} on the ${subject}`;
    case EPIC:
      return `${capitalize(subject)} ${rng.pick(EPIC_THEMES)}`;
    case SUBTASK:
      return `${rng.pick(SUBTASK_STEPS)} ${subject}`;
    default:
      return `${rng.pick(VERBS)} ${subject}`;
  }
}

/** A description in ADF; about a fifth of issues have none, as in real trackers. */
export function descriptionFor(rng: Rng, type: number, summary: string): AdfDoc | null {
  if (rng.chance(0.2)) return null;
  if (type === BUG) {
    return doc([
      paragraph(`${summary}. ${rng.pick(CONTEXT)}`),
      paragraph('Steps to reproduce:'),
      bulletList(['Open the affected page', `Trigger the action ${rng.pick(TRIGGERS)}`, 'Observe the result']),
      paragraph('Expected: the action completes without errors.'),
    ]);
  }
  const criteria = [rng.pick(ACCEPTANCE), rng.pick(ACCEPTANCE)];
  return doc([paragraph(rng.pick(CONTEXT)), paragraph('Acceptance criteria:'), bulletList(criteria)]);
}

export function commentText(rng: Rng): string {
  return rng.pick(COMMENTS);
}
