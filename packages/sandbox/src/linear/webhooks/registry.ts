import type { IdCodec } from '../world/ids.ts';

/** A webhook registered through `webhookCreate`. */
export interface WebhookRecord {
  id: string;
  url: string;
  label: string | null;
  secret: string;
  /** The one team whose changes are delivered, or -1 with `allPublicTeams`. */
  team: number;
  allPublicTeams: boolean;
  resourceTypes: string[];
  enabled: boolean;
  createdAt: number;
  creator: number;
  archivedAt: number;
}

/** The webhooks of the workspace, in creation order. */
export class WebhookRegistry {
  private readonly hooks: WebhookRecord[] = [];

  constructor(private readonly codec: IdCodec) {}

  add(
    input: Omit<WebhookRecord, 'id' | 'secret' | 'archivedAt'> & { id?: string; secret?: string },
  ): WebhookRecord {
    const id = input.id ?? this.codec.encode('webhook', this.hooks.length);
    const record: WebhookRecord = {
      ...input,
      id,
      // Linear generates a signing secret when none is given; the sandbox derives it so runs repeat.
      secret: input.secret ?? `lin_wh_${this.codec.fromText(`${id}:secret`).replace(/-/g, '')}`,
      archivedAt: Number.NaN,
    };
    this.hooks.push(record);
    return record;
  }

  find(id: string): WebhookRecord | null {
    return this.hooks.find((hook) => hook.id === id && Number.isNaN(hook.archivedAt)) ?? null;
  }

  remove(id: string, at: number): boolean {
    const hook = this.find(id);
    if (hook === null) return false;
    hook.archivedAt = at;
    hook.enabled = false;
    return true;
  }

  /** Live webhooks that want `resourceType` events of `team`. */
  subscribers(resourceType: string, team: number): WebhookRecord[] {
    return this.hooks.filter(
      (hook) =>
        hook.enabled &&
        Number.isNaN(hook.archivedAt) &&
        hook.resourceTypes.includes(resourceType) &&
        (hook.allPublicTeams || hook.team === team),
    );
  }

  list(): WebhookRecord[] {
    return this.hooks.filter((hook) => Number.isNaN(hook.archivedAt));
  }

  get size(): number {
    return this.list().length;
  }
}
