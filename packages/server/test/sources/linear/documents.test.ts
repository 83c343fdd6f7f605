import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { LINEAR_DOCUMENTS } from '../../../src/sources/linear/linear-documents.ts';
import { linearSchema } from './linear-harness.ts';

describe('Linear GraphQL documents', () => {
  it('are all valid against Linear’s published schema', () => {
    const schema = linearSchema();
    const problems = Object.entries(LINEAR_DOCUMENTS).flatMap(([name, document]) =>
      validate(schema, parse(document)).map((error) => `${name}: ${error.message}`),
    );
    expect(Object.keys(LINEAR_DOCUMENTS)).toHaveLength(15);
    expect(problems).toEqual([]);
  });

  it('would catch a document that is not', () => {
    const errors = validate(linearSchema(), parse('query { issues { nodes { identifer } } }'));
    expect(errors.map((e) => e.message)).toEqual([
      'Cannot query field "identifer" on type "Issue". Did you mean "identifier"?',
    ]);
  });
});
