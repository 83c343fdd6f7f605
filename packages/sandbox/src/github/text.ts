import type { Rng } from '../core/rng.ts';

/** Vocabulary of a software team's tracker: titles, bodies and comments read like real engineering work. */

const FIRST_NAMES = [
  'Maria',
  'James',
  'Aisha',
  'Chen',
  'Lukas',
  'Priya',
  'Diego',
  'Sofia',
  'Kwame',
  'Elena',
  'Tomasz',
  'Yuki',
  'Fatima',
  'Noah',
  'Ingrid',
  'Rahul',
  'Olivia',
  'Mateo',
  'Hana',
  'Samuel',
  'Zara',
  'Arjun',
  'Lena',
  'Omar',
  'Grace',
  'Viktor',
  'Amara',
  'Felix',
  'Leila',
  'Ethan',
  'Nadia',
  'Kenji',
] as const;
const LAST_NAMES = [
  'Santos',
  'Okafor',
  'Novak',
  'Kim',
  'Schmidt',
  'Patel',
  'Garcia',
  'Rossi',
  'Mensah',
  'Ivanova',
  'Kowalski',
  'Tanaka',
  'Haddad',
  'Berg',
  'Larsen',
  'Iyer',
  'Brown',
  'Silva',
  'Sato',
  'Adeyemi',
  'Ahmed',
  'Reddy',
  'Fischer',
  'Khan',
  'Walsh',
  'Petrov',
  'Nwosu',
  'Weber',
  'Farah',
  'Cohen',
  'Popescu',
  'Mori',
] as const;

export const REPO_NAMES = [
  'api-gateway',
  'web-app',
  'billing-service',
  'mobile-app',
  'infrastructure',
  'design-system',
  'data-pipeline',
  'docs',
  'auth-service',
  'search-service',
  'notifications',
  'admin-console',
  'analytics',
  'payments',
  'cli',
  'sdk-js',
  'sdk-python',
  'integrations',
  'scheduler',
  'reporting',
  'edge-proxy',
  'feature-flags',
  'audit-log',
  'onboarding',
  'inventory',
  'pricing',
  'ml-platform',
  'storage',
  'observability',
  'release-tools',
] as const;

const LANGUAGES = ['TypeScript', 'Go', 'Python', 'Rust', 'Kotlin', 'Java', 'HCL', 'Swift'] as const;

const COMPONENTS = [
  'session refresh',
  'export endpoint',
  'invoice generator',
  'webhook retries',
  'login form',
  'search index',
  'rate limiter',
  'CSV import',
  'dashboard charts',
  'audit trail',
  'password reset',
  'SSO callback',
  'file upload',
  'email templates',
  'billing page',
  'user settings',
  'API client',
  'cache layer',
  'job scheduler',
  'metrics pipeline',
  'permissions model',
  'onboarding wizard',
  'notification center',
  'dark mode',
  'pagination',
  'timezone handling',
] as const;
const BUG_PHRASES = [
  'Fix race condition in',
  'Crash when opening',
  'Memory leak in',
  'Wrong totals shown in',
  'Timeout in',
  'Flaky test around',
  'Null pointer in',
  'Broken layout of',
  'Duplicate entries in',
  'Slow queries behind',
] as const;
const FEATURE_PHRASES = [
  'Add pagination to',
  'Support bulk edit in',
  'Improve error messages of',
  'Add retry policy to',
  'Redesign',
  'Add filters to',
  'Allow exporting from',
  'Add keyboard shortcuts to',
  'Localize',
  'Add audit events to',
] as const;
const CHORE_PHRASES = [
  'Refactor',
  'Upgrade dependencies of',
  'Document',
  'Remove dead code in',
  'Add tests for',
  'Split module of',
  'Migrate config of',
  'Clean up logging in',
] as const;
const PR_PREFIXES = ['fix:', 'feat:', 'chore:', 'refactor:', 'docs:', 'perf:', 'test:'] as const;

const BODY_SENTENCES = [
  'Steps to reproduce are in the linked support ticket.',
  'This started after the last deploy and affects a few enterprise tenants.',
  'Customers report it mostly on Safari and Firefox.',
  'We should keep backwards compatibility with the v1 clients.',
  'The current behaviour is confusing and generates support load.',
  'Logs show a spike of 5xx responses around the time of the report.',
  'Acceptance criteria: covered by tests, documented, behind a feature flag.',
  'Design mockups are attached in the design review thread.',
  'Measured p95 latency went from 120 ms to 900 ms.',
  'This blocks the quarterly release checklist.',
  'A workaround exists but it requires manual steps from the on-call engineer.',
  'Related to the incident review from last sprint.',
] as const;
const COMMENT_SENTENCES = [
  'I can reproduce this locally.',
  'Looking into it now.',
  'Could you share the request id?',
  'This should be fixed by the linked pull request.',
  'LGTM, thanks!',
  'Can we add a regression test?',
  'Moving this to next sprint, the team is busy with the release.',
  'Any update on this?',
  'Confirmed fixed on staging.',
  'I left a few comments on the diff.',
  'Bumping priority, two more customers hit it.',
  'Nice catch.',
  'Pairing with the platform team on this one.',
  'Let us discuss in the weekly sync.',
] as const;

/** A person's display name. */
export function personName(rng: Rng): string {
  return `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
}

/** A repository's programming language. */
export function language(rng: Rng): string {
  return rng.pick(LANGUAGES);
}

/** A title for an issue (kind picks the vocabulary) or a pull request. */
export function itemTitle(rng: Rng, isPullRequest: boolean): string {
  const roll = rng.next();
  const phrases = roll < 0.45 ? BUG_PHRASES : roll < 0.8 ? FEATURE_PHRASES : CHORE_PHRASES;
  const title = `${rng.pick(phrases)} ${rng.pick(COMPONENTS)}`;
  return isPullRequest ? `${rng.pick(PR_PREFIXES)} ${title.charAt(0).toLowerCase()}${title.slice(1)}` : title;
}

/** A description of two to four sentences, sometimes empty as real trackers have. */
export function itemBody(rng: Rng): string | null {
  if (rng.chance(0.08)) return null;
  const count = rng.int(2, 4);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(rng.pick(BODY_SENTENCES));
  return parts.join(' ');
}

/** A comment of one or two sentences. */
export function commentBody(rng: Rng): string {
  return rng.chance(0.3)
    ? `${rng.pick(COMMENT_SENTENCES)} ${rng.pick(COMMENT_SENTENCES)}`
    : rng.pick(COMMENT_SENTENCES);
}
