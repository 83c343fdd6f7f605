import type { Rng } from '../core/rng.ts';

/** Vocabulary of a company's Asana: cross-team projects, tasks that read like real work, comments. */

const FIRST_NAMES = [
  'Maya',
  'Jonas',
  'Amelia',
  'Wei',
  'Carlos',
  'Anika',
  'Theo',
  'Lucia',
  'Kofi',
  'Irina',
  'Pavel',
  'Emi',
  'Salma',
  'Liam',
  'Freya',
  'Vikram',
  'Chloe',
  'Andres',
  'Mina',
  'Daniel',
  'Yara',
  'Nikhil',
  'Greta',
  'Idris',
] as const;
const LAST_NAMES = [
  'Lindqvist',
  'Moreau',
  'Okonkwo',
  'Zhang',
  'Herrera',
  'Bauer',
  'Nakamura',
  'Costa',
  'Asante',
  'Volkova',
  'Horvat',
  'Yamada',
  'Rahman',
  'Murphy',
  'Dahl',
  'Menon',
  'Dubois',
  'Ortega',
  'Park',
  'Klein',
  'Aziz',
  'Rao',
] as const;

export const PROJECT_NAMES = [
  'Website Redesign',
  'Mobile App v3',
  'Q3 Marketing Launch',
  'Customer Onboarding',
  'Data Platform',
  'Hiring Pipeline',
  'Support Escalations',
  'Billing Revamp',
  'Brand Refresh',
  'Security Review',
  'Partner Portal',
  'Sales Enablement',
  'Office Move',
  'Analytics Dashboards',
  'Content Calendar',
  'Localization',
  'Events 2026',
  'Platform Reliability',
  'Design System',
  'Finance Close',
  'Customer Research',
  'API Platform',
  'Churn Reduction',
  'Accessibility Audit',
  'Pricing Experiments',
  'Knowledge Base',
  'Procurement',
  'Community Program',
  'Integrations Marketplace',
  'Annual Planning',
] as const;

const VERBS = [
  'Draft',
  'Review',
  'Finalize',
  'Prepare',
  'Update',
  'Schedule',
  'Publish',
  'Audit',
  'Plan',
  'Design',
  'Ship',
  'Test',
  'Collect feedback on',
  'Align with legal on',
  'Estimate',
  'Migrate',
] as const;
const OBJECTS = [
  'landing page copy',
  'onboarding emails',
  'pricing page',
  'Q3 roadmap',
  'release notes',
  'customer survey',
  'vendor contract',
  'hiring plan',
  'partner deck',
  'support macros',
  'analytics events',
  'brand guidelines',
  'webinar agenda',
  'security questionnaire',
  'invoice templates',
  'help center articles',
  'app store listing',
  'sprint retro notes',
  'OKR draft',
  'budget forecast',
  'data retention policy',
  'press kit',
  'demo script',
] as const;
const NOTES = [
  'Context is in the kickoff doc linked in the project brief.',
  'Please loop in the owner of the related workstream before starting.',
  'Due before the leadership review.',
  'Keep the scope small; follow-ups go into separate tasks.',
  'Customer asked for this twice in the last month.',
  'Needs sign-off from design and legal.',
  'Use last quarter’s version as the starting point.',
  'Blocked until the vendor answers.',
  'Numbers should match the finance dashboard.',
  'Share a draft in the team channel for early comments.',
] as const;
const COMMENTS = [
  'First draft is ready for review.',
  'Can you take a look before Friday?',
  'Updated with the latest numbers.',
  'Waiting on feedback from the stakeholders.',
  'Looks good to me!',
  'Moved the deadline, see thread.',
  'I added a few suggestions inline.',
  'This is done on my side.',
  'Who owns the next step here?',
  'Great work, thanks!',
  'Let us pick this up in the weekly sync.',
  'Pinged legal again.',
] as const;

export function personName(rng: Rng): string {
  return `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
}

export function taskName(rng: Rng): string {
  return `${rng.pick(VERBS)} ${rng.pick(OBJECTS)}`;
}

export function taskNotes(rng: Rng): string {
  if (rng.chance(0.15)) return '';
  const parts: string[] = [];
  for (let i = rng.int(1, 3); i > 0; i--) parts.push(rng.pick(NOTES));
  return parts.join(' ');
}

export function commentText(rng: Rng): string {
  return rng.pick(COMMENTS);
}

/** Escapes text for Asana's `html_notes`/`html_text` rich text. */
export function richText(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<body>${escaped}</body>`;
}
