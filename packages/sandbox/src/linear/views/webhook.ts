import type { WebhookRecord } from '../webhooks/registry.ts';
import { iso, isoOrNull } from '../world/dates.ts';
import { userOrNull } from './entities.ts';
import { fields, type TypeResolvers } from './graph.ts';

const Webhook = fields<WebhookRecord>({
  id: (w) => w.id,
  url: (w) => w.url,
  label: (w) => w.label,
  secret: (w) => w.secret,
  enabled: (w) => w.enabled,
  resourceTypes: (w) => w.resourceTypes,
  allPublicTeams: (w) => w.allPublicTeams,
  team: (w, _, g) => (w.team < 0 ? null : g.world.teams[w.team]),
  teamIds: (w, _, g) => (w.team < 0 ? null : [g.world.teams[w.team]!.id]),
  creator: (w, _, g) => userOrNull(g, w.creator),
  createdAt: (w) => iso(w.createdAt),
  updatedAt: (w) => iso(Number.isNaN(w.archivedAt) ? w.createdAt : w.archivedAt),
  archivedAt: (w) => isoOrNull(w.archivedAt),
  failures: () => [],
});

export const webhookResolvers: Record<string, TypeResolvers> = { Webhook };
