import { FIELD_BY_ID, NAVIGABLE_FIELDS, RENDERED_FIELDS } from '../catalog/fields.ts';
import { historiesOf } from '../data/derive.ts';
import { inlineChangelogJson } from './changelog.ts';
import { renderFieldsJson, type RenderContext } from './fields.ts';
import { asciiJson } from './refs.ts';
import { transitionsJson } from './transitions.ts';

/** What to put in each issue of a response. */
export interface IssueShape {
  /** Field ids to render, in order; empty with `idOnly` for the search default. */
  fields: string[];
  /** Only `id` (and `key` when asked) per issue: `/search/jql` without `fields`. */
  idOnly: boolean;
  withKey: boolean;
  expand: Set<string>;
  /** Changelog entries inlined per issue with `expand=changelog`. */
  changelogLimit: number;
}

/** Values of repeated and comma-separated query parameters, trimmed. */
export function listParam(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/**
 * Jira's `fields` grammar: `*all`, `*navigable`, field ids, `-field` to exclude; only exclusions mean
 * "navigable fields except". `fallback` applies when nothing is asked (`id` for search, `*all` for GET issue).
 */
export function parseFields(
  requested: readonly string[],
  fallback: 'id' | '*all',
): Pick<IssueShape, 'fields' | 'idOnly' | 'withKey'> {
  const tokens = requested.length === 0 ? [fallback] : requested;
  const include = new Set<string>();
  const exclude = new Set<string>();
  let withKey = false;
  let onlyExclusions = true;
  for (const token of tokens) {
    if (token.startsWith('-')) {
      exclude.add(token.slice(1));
      continue;
    }
    onlyExclusions = false;
    if (token === '*all') RENDERED_FIELDS.forEach((f) => include.add(f));
    else if (token === '*navigable') NAVIGABLE_FIELDS.forEach((f) => include.add(f));
    else if (token === 'key') withKey = true;
    else if (token !== 'id' && FIELD_BY_ID.has(token) && token !== 'statusCategory') include.add(token);
  }
  if (onlyExclusions) NAVIGABLE_FIELDS.forEach((f) => include.add(f));
  const fields = [...include].filter((f) => !exclude.has(f));
  return { fields, idOnly: fields.length === 0, withKey };
}

const EXPAND_ALL = 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations';

/**
 * One issue as `GET /issue/{key}` and `/search/jql` return it, as JSON text: pages of 100 issues are assembled
 * from text so that the people, statuses and projects every issue repeats are serialized once, not per use.
 */
export function renderIssueJson(ctx: RenderContext, i: number, shape: IssueShape): string {
  const id = ctx.store.issueId(i);
  if (shape.idOnly)
    return shape.withKey ? `{"id":"${id}","key":"${ctx.store.issueKey(i)}"}` : `{"id":"${id}"}`;
  let out =
    `{"expand":"${EXPAND_ALL}","id":"${id}","self":${asciiJson(`${ctx.refs.base}/rest/api/3/issue/${id}`)},` +
    `"key":"${ctx.store.issueKey(i)}","fields":${renderFieldsJson(ctx, i, shape.fields)}`;
  if (shape.expand.has('names')) {
    out += `,"names":${asciiJson(Object.fromEntries(shape.fields.map((f) => [f, FIELD_BY_ID.get(f)?.name ?? f])))}`;
  }
  if (shape.expand.has('transitions')) out += `,"transitions":${asciiJson(transitionsJson(ctx, i))}`;
  if (shape.expand.has('changelog'))
    out += `,"changelog":${inlineChangelogJson(ctx.refs, historiesOf(ctx.store, i), shape.changelogLimit, ctx.store.jsonText)}`;
  return `${out}}`;
}

/** `renderIssueJson` as a value, for single issues and webhook payloads. */
export function renderIssue(ctx: RenderContext, i: number, shape: IssueShape): Record<string, unknown> {
  return JSON.parse(renderIssueJson(ctx, i, shape)) as Record<string, unknown>;
}
