/* eslint-disable @typescript-eslint/no-unsafe-call -- GraphQL answers are JSON read by shape; the executor already typed them against the schema. */
import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linearSchema, startLinear, type Harness } from './helpers.ts';

/** A literal for a required argument: enough to make the query valid, whatever it names. */
function literal(type: GraphQLInputType): string {
  if (isNonNullType(type)) return literal(type.ofType);
  if (isListType(type)) return `[${literal(type.ofType)}]`;
  if (isEnumType(type)) return type.getValues()[0]!.name;
  if (isInputObjectType(type)) {
    const required = Object.values(type.getFields()).filter(
      (f) => isNonNullType(f.type) && f.defaultValue === undefined,
    );
    return `{ ${required.map((f) => `${f.name}: ${literal(f.type)}`).join(', ')} }`;
  }
  switch (type.name) {
    case 'Int':
    case 'Float':
      return '1';
    case 'Boolean':
      return 'false';
    default:
      return '"ENG-1"';
  }
}

function args(field: GraphQLField<unknown, unknown>): string {
  const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
  return required.length === 0 ? '' : `(${required.map((a) => `${a.name}: ${literal(a.type)}`).join(', ')})`;
}

/** Every scalar field of the returned type that needs no argument, and `__typename`. */
function selection(field: GraphQLField<unknown, unknown>): string {
  const named = getNamedType(field.type);
  if (isLeafType(named)) return '';
  if (!isObjectType(named)) return '{ __typename }';
  const leaves = Object.values(named.getFields()).filter(
    (f) => isLeafType(getNamedType(f.type)) && args(f) === '',
  );
  return `{ __typename ${leaves.map((f) => f.name).join(' ')} }`;
}

let h: Harness;
beforeAll(async () => {
  h = await startLinear({ seed: 4, size: 100 });
});
afterAll(async () => {
  await h.close();
});

/** Every field of a type: leaves as they are, objects and connections reduced to `__typename`. */
function everyField(typeName: string): string {
  const type = linearSchema().getType(typeName);
  if (!isObjectType(type)) throw new Error(`${typeName} is no object type`);
  return Object.values(type.getFields())
    .map((f) => `${f.name}${args(f)}${isLeafType(getNamedType(f.type)) ? '' : ' { __typename }'}`)
    .join(' ');
}

describe('Linear sandbox schema coverage', () => {
  it('answers every field of the modelled types, for real and placeholder values', async () => {
    const query = `{
      viewer { ${everyField('User')} }
      organization { ${everyField('Organization')} }
      teams(first: 1) { nodes { ${everyField('Team')} } }
      workflowStates(first: 3) { nodes { ${everyField('WorkflowState')} } }
      projects(first: 2) { nodes { ${everyField('Project')} } }
      issueLabels(first: 2) { nodes { ${everyField('IssueLabel')} } }
      issues(first: 20, includeArchived: true) { nodes { ${everyField('Issue')}
        recent: history(first: 5) { nodes { ${everyField('IssueHistory')} } }
        latest: comments(first: 5) { nodes { ${everyField('Comment')} } }
        spans: stateHistory { nodes { ${everyField('IssueStateSpan')} } } } }
    }`;
    const res = await h.gql(query);
    expect(res.body.errors).toBeUndefined();
    expect(res.status).toBe(200);
    expect(res.body.data.issues.nodes).toHaveLength(20);
    expect(res.body.data.viewer.isMe).toBe(true);
    expect(res.body.data.issues.nodes[0].sharedAccess).toEqual({ __typename: 'IssueSharedAccess' });
  });

  it('answers every root query field without an internal error', async () => {
    const fields = Object.values(linearSchema().getQueryType()!.getFields());
    const failures: string[] = [];
    for (const field of fields) {
      const query = `{ ${field.name}${args(field)} ${selection(field)} }`;
      const res = await h.gql(query);
      const internal = (res.body.errors ?? []).filter(
        (e: { extensions: { code: string } }) => e.extensions.code !== 'INPUT_ERROR',
      );
      if (res.status !== 200 || internal.length > 0)
        failures.push(`${res.status} ${query} ${JSON.stringify(res.body.errors)}`);
    }
    expect(fields.length).toBeGreaterThan(150);
    expect(failures).toEqual([]);
  });
});
