import type { SourceStatus } from '../source-item.ts';
import type { JiraStatus } from './jira-payloads.ts';

/** Jira's category key for a status it no longer knows (deleted since): "No Category". */
const NO_CATEGORY = 'undefined';

/**
 * The site's statuses with their category (`GET /rest/api/3/status`), so that each side of a changelog
 * status change (which carries only the status id and name) gets its category hint. Loaded once per
 * adapter; loaded again when a page names a status id it has not seen (a status created since), at most
 * once per unknown id. Statuses seen on issues are learned as they pass.
 */
export class StatusCatalog {
  readonly #load: () => Promise<JiraStatus[]>;
  readonly #byId = new Map<string, SourceStatus>();
  readonly #byName = new Map<string, SourceStatus>();
  readonly #missing = new Set<string>();
  #loaded: Promise<void> | null = null;

  constructor(load: () => Promise<JiraStatus[]>) {
    this.#load = load;
  }

  learn(status: JiraStatus): void {
    const known = { name: status.name, category: status.statusCategory.key };
    this.#byId.set(status.id, known);
    if (!this.#byName.has(status.name.toLowerCase())) this.#byName.set(status.name.toLowerCase(), known);
  }

  /** Makes sure the catalog is loaded and knows `ids` if the site does. */
  async ensure(ids: Iterable<string>): Promise<void> {
    if (this.#loaded === null) await this.#reload();
    else await this.#loaded;
    const unknown = [...ids].filter((id) => !this.#byId.has(id) && !this.#missing.has(id));
    if (unknown.length === 0) return;
    await this.#reload();
    for (const id of unknown) if (!this.#byId.has(id)) this.#missing.add(id);
  }

  /** The status of a changelog side: by id, else by name, else Jira's "No Category". */
  statusOf(id: string | null | undefined, name: string): SourceStatus {
    const byId = id === null || id === undefined ? undefined : this.#byId.get(id);
    const known = byId ?? this.#byName.get(name.toLowerCase());
    return { name, category: known?.category ?? NO_CATEGORY };
  }

  async #reload(): Promise<void> {
    const loading = this.#load().then((statuses) => {
      for (const status of statuses) this.learn(status);
    });
    this.#loaded = loading;
    try {
      await loading;
    } catch (error) {
      // A failed load is not remembered: the next page tries again.
      if (this.#loaded === loading) this.#loaded = null;
      throw error;
    }
  }
}
