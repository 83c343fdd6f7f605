import { OPS_WORKFLOW, SOFTWARE_WORKFLOW, type WorkflowDef } from './workflow.ts';

export interface ComponentDef {
  readonly id: string;
  readonly name: string;
}

export interface ProjectDef {
  readonly index: number;
  readonly id: string;
  readonly key: string;
  readonly name: string;
  readonly description: string;
  readonly workflow: WorkflowDef;
  /** Share of generated issues. */
  readonly weight: number;
  /** Person indexes; the first is the project lead. */
  readonly team: readonly number[];
  readonly components: readonly ComponentDef[];
  /** Words the text generator draws summaries from. */
  readonly subjects: readonly string[];
}

function components(base: number, names: readonly string[]): ComponentDef[] {
  return names.map((name, i) => ({ id: String(base + i), name }));
}

/** The projects of the fake site, ordered by key (the order `ORDER BY key` walks them in). */
export const PROJECTS: readonly ProjectDef[] = [
  {
    index: 0,
    id: '10004',
    key: 'DATA',
    name: 'Data Platform',
    description: 'Warehouse, pipelines and reporting.',
    workflow: SOFTWARE_WORKFLOW,
    weight: 0.12,
    team: [19, 24, 33, 8, 31, 41, 43, 44],
    components: components(10040, ['Ingestion', 'Warehouse', 'Reporting', 'Streaming']),
    subjects: [
      'nightly ETL job',
      'warehouse schema',
      'dbt model for orders',
      'Kafka consumer',
      'events table',
      'revenue dashboard',
      'CDC connector',
      'data retention job',
    ],
  },
  {
    index: 1,
    id: '10005',
    key: 'GROW',
    name: 'Growth',
    description: 'Acquisition, onboarding and pricing experiments.',
    workflow: SOFTWARE_WORKFLOW,
    weight: 0.08,
    team: [30, 14, 16, 36, 1, 44],
    components: components(10050, ['Onboarding', 'Pricing', 'Referrals']),
    subjects: [
      'onboarding email',
      'referral programme',
      'pricing page',
      'trial conversion funnel',
      'A/B test framework',
      'welcome checklist',
    ],
  },
  {
    index: 2,
    id: '10003',
    key: 'MOB',
    name: 'Mobile Apps',
    description: 'The iOS and Android apps.',
    workflow: SOFTWARE_WORKFLOW,
    weight: 0.18,
    team: [7, 17, 20, 26, 34, 37, 42, 28, 45],
    components: components(10030, ['iOS', 'Android', 'Push notifications', 'Offline sync']),
    subjects: [
      'iOS login screen',
      'Android push notifications',
      'offline sync',
      'app startup',
      'deep links',
      'biometric unlock',
      'in-app purchase flow',
      'crash reporter',
    ],
  },
  {
    index: 3,
    id: '10002',
    key: 'OPS',
    name: 'Operations',
    description: 'Infrastructure, on-call and incidents.',
    workflow: OPS_WORKFLOW,
    weight: 0.15,
    team: [9, 21, 25, 29, 35, 39, 2],
    components: components(10020, ['Kubernetes', 'Networking', 'Observability', 'Databases']),
    subjects: [
      'backup job',
      'Kubernetes node pool',
      'TLS certificate',
      'VPN gateway',
      'alerting rule',
      'log pipeline',
      'Postgres replica',
      'CI runners',
    ],
  },
  {
    index: 4,
    id: '10000',
    key: 'PAY',
    name: 'Payments',
    description: 'Checkout, payouts and the ledger.',
    workflow: SOFTWARE_WORKFLOW,
    weight: 0.22,
    team: [3, 0, 4, 11, 13, 22, 27, 32, 38, 40],
    components: components(10000, ['Checkout', 'Payouts', 'Ledger', 'Fraud', 'Invoicing']),
    subjects: [
      'checkout page',
      'refund flow',
      'payout job',
      'ledger export',
      'card tokenization',
      '3DS challenge',
      'invoice PDF',
      'currency conversion',
    ],
  },
  {
    index: 5,
    id: '10001',
    key: 'WEB',
    name: 'Web Platform',
    description: 'The web app and its design system.',
    workflow: SOFTWARE_WORKFLOW,
    weight: 0.25,
    team: [5, 0, 6, 10, 12, 15, 18, 23, 1, 45],
    components: components(10010, ['Frontend', 'Design system', 'Search', 'Accounts']),
    subjects: [
      'landing page',
      'signup form',
      'navigation bar',
      'search results',
      'settings page',
      'dark mode',
      'session handling',
      'file uploads',
    ],
  },
];

export function projectByKey(key: string): ProjectDef | undefined {
  const upper = key.toUpperCase();
  return PROJECTS.find((p) => p.key === upper);
}
