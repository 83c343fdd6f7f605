import { Kind, visit, type DocumentNode, type ValueNode } from 'graphql';
import { MAX_PAGE } from './connection.ts';
import { LinearApiError } from './errors.ts';

function intOf(
  node: ValueNode,
  variables: Record<string, unknown>,
  defaults: Map<string, ValueNode>,
): unknown {
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.VARIABLE) {
    const name = node.name.value;
    if (variables[name] !== undefined) return variables[name];
    const fallback = defaults.get(name);
    return fallback === undefined ? undefined : intOf(fallback, variables, defaults);
  }
  return undefined;
}

/**
 * Linear refuses a page size above 250 (`first`/`last`) for the whole request, before executing anything. Checked on
 * the document with its variables, so a limit hidden in a fragment or a variable is found too.
 */
export function checkPageLimits(
  document: DocumentNode,
  variables: Record<string, unknown>,
): LinearApiError | null {
  const defaults = new Map<string, ValueNode>();
  let problem: LinearApiError | null = null;
  visit(document, {
    VariableDefinition(node) {
      if (node.defaultValue !== undefined) defaults.set(node.variable.name.value, node.defaultValue);
    },
  });
  visit(document, {
    Argument(node) {
      const name = node.name.value;
      if (problem !== null || (name !== 'first' && name !== 'last')) return;
      const value = intOf(node.value, variables, defaults);
      if (typeof value !== 'number') return;
      if (value > MAX_PAGE) {
        problem = new LinearApiError(
          'INPUT_ERROR',
          'Argument Validation Error',
          `${name} must be less than or equal to ${MAX_PAGE}`,
        );
      } else if (value < 0) {
        problem = new LinearApiError(
          'INPUT_ERROR',
          'Argument Validation Error',
          `${name} must not be negative`,
        );
      }
    },
  });
  return problem;
}
