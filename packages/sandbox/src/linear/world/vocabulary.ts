/** Word lists the generator draws names, titles, descriptions and comments from. */

const words = (text: string): string[] => text.split('|');

export const ORG_NAMES = [
  ['Northwind Labs', 'northwind'],
  ['Acme Robotics', 'acme-robotics'],
  ['Bluefin Analytics', 'bluefin'],
  ['Copperleaf', 'copperleaf'],
  ['Helix Health', 'helix-health'],
  ['Lumen Logistics', 'lumen'],
] as const;

export interface TeamTemplate {
  key: string;
  name: string;
  description: string;
  domain: 'eng' | 'design' | 'ops';
  triage: boolean;
  estimates: boolean;
  /** Share of the organization's work the team files. */
  weight: number;
}

type TeamRow = readonly [string, string, string, TeamTemplate['domain'], boolean, boolean, number];

// key, name, description, domain, triage enabled, uses estimates, weight
const TEAMS: readonly TeamRow[] = [
  ['ENG', 'Engineering', 'Product engineering', 'eng', true, true, 5],
  ['DES', 'Design', 'Product and brand design', 'design', false, false, 2],
  ['OPS', 'Operations', 'Infrastructure, on-call and support escalations', 'ops', true, false, 3],
  ['PLT', 'Platform', 'Shared services and developer tooling', 'eng', false, true, 3],
  ['MOB', 'Mobile', 'iOS and Android apps', 'eng', true, true, 3],
  ['DAT', 'Data', 'Pipelines, warehouse and reporting', 'eng', false, true, 2],
  ['SUP', 'Support', 'Customer escalations', 'ops', true, false, 2],
  ['SEC', 'Security', 'Application and infrastructure security', 'ops', true, false, 1],
  ['GRO', 'Growth', 'Activation and retention experiments', 'eng', false, true, 2],
  ['WEB', 'Web', 'Marketing site and web app shell', 'eng', false, true, 2],
  ['INF', 'Infrastructure', 'Clusters, networking and cost', 'ops', false, false, 2],
  ['QA', 'Quality', 'Test automation and release quality', 'eng', true, true, 1],
];

export const TEAM_TEMPLATES: readonly TeamTemplate[] = TEAMS.map(
  ([key, name, description, domain, triage, estimates, weight]) => ({
    key,
    name,
    description,
    domain,
    triage,
    estimates,
    weight,
  }),
);

export const TEAM_COLORS = words('#5e6ad2|#26b5ce|#f2994a|#4cb782|#eb5757|#bb87fc|#f7c8c1|#0f783c');

export const FIRST_NAMES = words(
  'Ada|Ben|Chloe|Dmitri|Elena|Farid|Grace|Hiro|Ines|Jonas|Kemi|Lars|Maya|Nikhil|Olga|Pedro|Quinn|Rosa|Samir|Tara|' +
    'Umar|Vera|Wei|Ximena|Yusuf|Zoe|Anika|Bruno|Carmen|Diego|Emeka|Fatima|Gustav|Hana|Ivan|Julia|Kai|Leila|Marco|Noor',
);

export const LAST_NAMES = words(
  'Okafor|Lindqvist|Moreau|Tanaka|Novak|Haddad|Kowalski|Fischer|Santos|Ivanova|Chen|Mensah|Rossi|Nakamura|Schmidt|' +
    'Dubois|Patel|Costa|Jensen|Yilmaz|Brennan|Adeyemi|Horvat|Larsen|Morales|Petrov|Quinlan|Rahman|Sato|Varga|Weber|' +
    'Zhou|Abebe|Bianchi|Castillo|Duarte|Eriksen|Ferreira|Gallagher|Holm',
);

export const JOB_TITLES = words(
  'Software Engineer|Senior Engineer|Staff Engineer|Product Designer|SRE|Engineering Manager|Product Manager|Support Engineer',
);

export const TIMEZONES = words(
  'Europe/Berlin|Europe/London|America/New_York|America/Los_Angeles|Asia/Tokyo|Europe/Prague',
);

export const WORKSPACE_LABELS: readonly (readonly [string, string])[] = words(
  'Bug #eb5757|Feature #bb87fc|Improvement #4ea7fc|Tech debt #95a2b3|Documentation #26b5ce|Customer request #f2c94c|' +
    'Security #f2994a|Performance #4cb782|Regression #e2a1a1|Good first issue #0f783c',
).map((entry) => [entry.slice(0, entry.lastIndexOf(' ')), entry.slice(entry.lastIndexOf(' ') + 1)] as const);

export const TEAM_LABELS: Record<TeamTemplate['domain'], readonly string[]> = {
  eng: ['Backend', 'Frontend', 'API'],
  design: ['UX', 'Visual'],
  ops: ['Incident', 'On-call'],
};

export const PROJECT_WORDS = {
  first: words(
    'Billing|Onboarding|Search|Notifications|Reporting|Permissions|Checkout|Mobile sync|Audit log|SSO|Data export|' +
      'Dashboard|Pricing|Import|API v2|Observability',
  ),
  second: words('revamp|v2|launch|migration|hardening|GA|beta|cleanup|redesign|rollout'),
};

interface TitleParts {
  verbs: readonly string[];
  things: readonly string[];
  tails: readonly string[];
}

export const TITLE_PARTS: Record<TeamTemplate['domain'], TitleParts> = {
  eng: {
    verbs: words('Fix|Add|Refactor|Remove|Investigate|Speed up|Migrate|Support|Handle|Validate'),
    things: words(
      'invoice totals|session refresh|CSV export|webhook retries|search ranking|avatar upload|rate limiter|' +
        'feature flags|date picker|pagination|email templates|audit events|cache warmup|the settings page|' +
        'OAuth callback|background jobs',
    ),
    tails: words(
      'for large workspaces|on Safari|when the token expires|in the API|behind a flag|for EU tenants|' +
        'after the upgrade|on slow networks|||',
    ),
  },
  design: {
    verbs: words('Design|Polish|Audit|Prototype|Update|Create|Simplify'),
    things: words(
      'empty states|the onboarding flow|icon set|billing page|dark mode palette|table density|error messages|' +
        'mobile navigation|marketing hero|settings layout',
    ),
    tails: words('for the launch|v2|with accessibility fixes|for enterprise||'),
  },
  ops: {
    verbs: words('Rotate|Upgrade|Investigate|Automate|Alert on|Document|Scale|Clean up'),
    things: words(
      'database credentials|Postgres replicas|disk pressure on workers|TLS certificates|the deploy pipeline|' +
        'queue backlog|cost of staging|backup restores|DNS failover|log retention|the status page',
    ),
    tails: words('before the audit|in eu-west|this quarter|after the incident||'),
  },
};

export const DESCRIPTION_OPENERS = [
  'Customers reported this through support several times this month.',
  'Found while working on a related change; it blocks the next release.',
  'Follow-up from the last retro.',
  'This keeps coming up in on-call handovers.',
  'Small change, but it touches a hot path.',
  'Requested by a design partner during the beta.',
];

export const ACCEPTANCE_ITEMS = words(
  'Behaviour covered by a test|Docs updated|Metrics dashboard shows the change|' +
    'Works for workspaces with more than 10k items|Rolled out behind a feature flag|QA sign-off on staging|' +
    'No new errors in Sentry for a week',
);

export const COMMENT_BODIES = [
  'I can take this one.',
  'Is this still happening after the last deploy?',
  'Repro steps:\n\n1. Open the page\n2. Refresh twice\n3. The spinner never stops',
  'PR is up, would love a review.',
  'Blocked on the API change, moving back until that lands.',
  'Looks good on staging :white_check_mark:',
  'Can we split this? The second half is a separate problem.',
  'Talked to the customer, they are fine with a workaround for now.',
  'Bumping priority, three more reports today.',
  'Closing the loop: shipped in the latest release.',
  'Not sure this is worth doing this cycle.',
  '@here any objections to changing the default?',
];
