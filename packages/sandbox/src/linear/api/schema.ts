import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, parse } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, type GraphQLSchema } from 'graphql';

const SPEC = join('shared', 'specs', 'linear.schema.graphql');

/**
 * Finds Linear's published SDL: the nearest `shared/specs/linear.schema.graphql` walking up from this module, which
 * is the repository's sibling `shared/` folder (/work/main/../shared) or a `shared/` inside a checkout.
 */
export function locateLinearSchema(from: string = dirname(fileURLToPath(import.meta.url))): string | null {
  let dir = from;
  const root = parse(dir).root;
  for (;;) {
    const candidate = join(dir, SPEC);
    if (existsSync(candidate)) return candidate;
    if (dir === root) return null;
    dir = dirname(dir);
  }
}

/** Reads and builds the schema (about a quarter of a second for the 1.2 MB SDL). */
export function loadLinearSchema(path?: string): GraphQLSchema {
  const file = path ?? locateLinearSchema();
  if (file === null) {
    throw new Error(
      `Linear schema not found: no ${SPEC} above ${dirname(fileURLToPath(import.meta.url))}; pass schemaPath`,
    );
  }
  return buildSchema(readFileSync(file, 'utf8'));
}
