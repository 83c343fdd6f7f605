/**
 * Every GraphQL document the adapter sends. Each must validate against Linear's published schema
 * (test/sources/linear/documents.test.ts checks them all with graphql-js).
 *
 * Nested connections ask for 50 nodes; an issue with more history or comments is completed with the
 * `ISSUE_HISTORY` / `ISSUE_COMMENTS` follow-ups. Labels and relations stop at 50 (an issue with more is not
 * something Linear workspaces produce in practice; the cost of a follow-up per issue is not worth it).
 */

const USER = 'fragment LinearUser on User { id name displayName email }';

const HISTORY_PAGE = `fragment LinearHistoryPage on IssueHistoryConnection {
  nodes { id createdAt actor { ...LinearUser } fromState { id name type } toState { id name type } }
  pageInfo { hasNextPage endCursor }
}`;

const COMMENT_PAGE = `fragment LinearCommentPage on CommentConnection {
  nodes { id body createdAt updatedAt editedAt user { ...LinearUser } parent { id } }
  pageInfo { hasNextPage endCursor }
}`;

const ISSUE = `fragment LinearIssue on Issue {
  id identifier number title description priority priorityLabel estimate url
  createdAt updatedAt startedAt completedAt canceledAt archivedAt trashed
  state { id name type }
  team { id key name }
  assignee { ...LinearUser }
  creator { ...LinearUser }
  project { id name }
  cycle { id number name }
  parent { id identifier }
  labels(first: 50) { nodes { id name } }
  relations(first: 50) { nodes { id type relatedIssue { identifier } } }
  inverseRelations(first: 50) { nodes { id type issue { identifier } } }
  history(first: 50) { ...LinearHistoryPage }
  comments(first: 50) { ...LinearCommentPage }
}
${USER}
${HISTORY_PAGE}
${COMMENT_PAGE}`;

export const VIEWER = 'query LinearViewer { viewer { id name email } }';

export const TEAMS = `query LinearTeams($after: String) {
  teams(first: 100, after: $after) { nodes { id key name description } pageInfo { hasNextPage endCursor } }
}`;

/**
 * One page of a team's issues, oldest update first: Linear orders by `updatedAt` newest first, so the page is the
 * `last` N of the filtered list (see linear-fetch.ts for why the walk is keyed on `updatedAt`, not on cursors).
 */
export const ISSUES_PAGE = `query LinearIssuesPage($filter: IssueFilter!, $last: Int!, $before: String, $key: String!, $withTotal: Boolean!) {
  issues(filter: $filter, last: $last, before: $before, orderBy: updatedAt, includeArchived: true) {
    nodes { ...LinearIssue }
    pageInfo { hasPreviousPage startCursor }
  }
  teams(filter: { key: { eq: $key } }, first: 1) @include(if: $withTotal) {
    nodes { issueCount(includeArchived: true) }
  }
}
${ISSUE}`;

export const ISSUE_BY_ID = `query LinearIssue($id: String!) { issue(id: $id) { ...LinearIssue } }
${ISSUE}`;

export const ISSUE_HISTORY = `query LinearIssueHistory($id: String!, $after: String) {
  issue(id: $id) { history(first: 100, after: $after) { ...LinearHistoryPage } }
}
${USER}
${HISTORY_PAGE}`;

export const ISSUE_COMMENTS = `query LinearIssueComments($id: String!, $after: String) {
  issue(id: $id) { comments(first: 100, after: $after) { ...LinearCommentPage } }
}
${USER}
${COMMENT_PAGE}`;

/** `searchIssues` is in the schema, but the sandbox does not answer it; a title filter works on both. */
export const SEARCH = `query LinearSearch($filter: IssueFilter!, $first: Int!, $after: String) {
  issues(filter: $filter, first: $first, after: $after, orderBy: updatedAt) {
    nodes { ...LinearIssue }
    pageInfo { hasNextPage endCursor }
  }
}
${ISSUE}`;

export const TEAM_BY_KEY = `query LinearTeamByKey($key: String!) {
  teams(filter: { key: { eq: $key } }, first: 1) { nodes { id key } }
}`;

export const LABELS_BY_NAME = `query LinearLabelsByName($names: [String!]!) {
  issueLabels(filter: { name: { in: $names } }, first: 250) { nodes { id name team { key } } }
}`;

export const ISSUE_STATES = `query LinearIssueStates($id: String!) {
  issue(id: $id) { id state { id } team { key states(first: 100) { nodes { id name type position } } } }
}`;

export const USERS = `query LinearUsers($filter: UserFilter!) {
  users(filter: $filter, first: 50) { nodes { id name displayName email } }
}`;

export const ISSUE_CREATE = `mutation LinearIssueCreate($input: IssueCreateInput!) {
  issueCreate(input: $input) { success issue { ...LinearIssue } }
}
${ISSUE}`;

export const ISSUE_UPDATE = `mutation LinearIssueUpdate($id: String!, $input: IssueUpdateInput!) {
  issueUpdate(id: $id, input: $input) { success issue { ...LinearIssue } }
}
${ISSUE}`;

export const ISSUE_MOVE = `mutation LinearIssueMove($id: String!, $stateId: String!) {
  issueUpdate(id: $id, input: { stateId: $stateId }) { success }
}`;

export const COMMENT_CREATE = `mutation LinearCommentCreate($input: CommentCreateInput!) {
  commentCreate(input: $input) { success comment { id } }
}`;

/** All of the above, by name, for the schema validation test. */
export const LINEAR_DOCUMENTS: Record<string, string> = {
  VIEWER,
  TEAMS,
  ISSUES_PAGE,
  ISSUE_BY_ID,
  ISSUE_HISTORY,
  ISSUE_COMMENTS,
  SEARCH,
  TEAM_BY_KEY,
  LABELS_BY_NAME,
  ISSUE_STATES,
  USERS,
  ISSUE_CREATE,
  ISSUE_UPDATE,
  ISSUE_MOVE,
  COMMENT_CREATE,
};
