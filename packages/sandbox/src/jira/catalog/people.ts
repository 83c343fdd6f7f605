/** A person (or app) with a Jira account. The roster is fixed, so credentials and account ids never depend on the seed. */
export interface Person {
  readonly index: number;
  readonly accountId: string;
  readonly displayName: string;
  /** Null for app accounts, which have no e-mail. */
  readonly email: string | null;
  readonly timeZone: string;
  readonly active: boolean;
  readonly accountType: 'atlassian' | 'app';
}

const NAMES = [
  'Alex Kim',
  'Maria Novak',
  'Jonas Berg',
  'Priya Raman',
  'Tomás Ortega',
  'Hannah Weiss',
  'Kwame Mensah',
  'Yuki Tanaka',
  'Lena Fischer',
  'Omar Haddad',
  'Sofia Rossi',
  'Daniel Cohen',
  'Aisha Bello',
  'Lukas Dvořák',
  'Emma Laurent',
  'Rahul Mehta',
  'Chloé Martin',
  'Mateo Silva',
  'Ingrid Olsen',
  'Wei Zhang',
  'Nora Lindqvist',
  'Pavel Horák',
  'Grace Okafor',
  'Ethan Brooks',
  'Fatima Zahra',
  'Jan Kowalski',
  'Mia Schneider',
  'Diego Torres',
  'Elif Demir',
  'Samuel Adeyemi',
  'Olivia Grant',
  'Nikolai Petrov',
  'Ana Costa',
  'Felix Wagner',
  'Leila Karimi',
  'Marco Bianchi',
  'Zoe Clarke',
  'Hiroshi Sato',
  'Eva Svobodová',
  'Tariq Aziz',
  'Julia Nowak',
  'Ben Carter',
  'Amara Nwosu',
  'Oskar Lund',
  'Isabel Reyes',
  'Victor Dubois',
] as const;

/** Former employees: still referenced by old issues, no longer active. */
const INACTIVE = new Set(['Victor Dubois', 'Isabel Reyes']);

const ZONES = [
  'Europe/Berlin',
  'Europe/Prague',
  'Europe/London',
  'America/New_York',
  'Asia/Kolkata',
] as const;

function fnv(text: string, salt: number): number {
  let h = (2166136261 ^ salt) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** A 24-hex-digit account id, the shape of Atlassian account ids of people who signed up before 2019. */
function accountIdOf(name: string): string {
  return [0, 1, 2].map((salt) => fnv(name, salt).toString(16).padStart(8, '0')).join('');
}

function emailOf(name: string): string {
  const ascii = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  return `${ascii.replace(/ /g, '.')}@spiral-labs.example`;
}

/** The e-mail of the default account (person 0). */
export const DEFAULT_ACCOUNT_EMAIL = 'demo@example.com';

/** The roster. Index 0 is the account of the default credential; the last one is the automation app. */
export function buildPeople(): readonly Person[] {
  const people: Person[] = NAMES.map((displayName, index) => ({
    index,
    accountId: accountIdOf(displayName),
    displayName,
    // The default account signs in as demo@example.com, the documented sandbox credential.
    email: index === 0 ? DEFAULT_ACCOUNT_EMAIL : emailOf(displayName),
    timeZone: ZONES[index % ZONES.length] ?? 'Europe/Berlin',
    active: !INACTIVE.has(displayName),
    accountType: 'atlassian',
  }));
  people.push({
    index: people.length,
    accountId: '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077',
    displayName: 'Automation for Jira',
    email: null,
    timeZone: 'UTC',
    active: true,
    accountType: 'app',
  });
  return people;
}
