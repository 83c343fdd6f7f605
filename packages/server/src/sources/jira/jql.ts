/** A JQL string literal: double quotes, with backslashes and quotes escaped. */
export function jqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The restriction of a project fetch: the project, and `updated` from a minute literal when given. */
export function projectRestriction(projectKey: string, updatedFrom: string | null): string {
  const project = `project = ${jqlString(projectKey)}`;
  return updatedFrom === null ? project : `${project} AND updated >= ${jqlString(updatedFrom)}`;
}

/** Oldest update first, the key's number breaking ties: a total order within one project. */
export const FETCH_ORDER = 'ORDER BY updated ASC, key ASC';
