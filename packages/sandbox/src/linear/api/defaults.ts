import {
  getNamedType,
  isAbstractType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  responsePathAsArray,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
} from 'graphql';
import type { IdCodec } from '../world/ids.ts';

/**
 * Stands in for an object the sandbox does not model (an `Issue.sharedAccess`, a `Team.activeCycle`...) where the
 * schema says the field is non-null. Every field of a placeholder resolves to its own fallback.
 */
export class Placeholder {
  constructor(
    readonly __typename: string,
    /** Query path of the placeholder, which seeds its derived ids. */
    readonly path: string,
    /** Timestamp its DateTime fields report. */
    readonly createdAt: string,
  ) {}
}

const SCALARS: Record<string, unknown> = {
  String: '',
  Int: 0,
  Float: 0,
  Boolean: false,
  JSON: {},
  JSONObject: {},
  TimelessDate: '1970-01-01',
  Duration: 'P0D',
};

/**
 * The value of a field the sandbox does not model: null where the schema allows it, otherwise the emptiest value of
 * the type (an empty list, an empty connection, zero, false, the first enum value, a placeholder object), so a valid
 * query never fails on a field the product does not read.
 */
export function fallbackValue(
  type: GraphQLOutputType,
  source: unknown,
  info: GraphQLResolveInfo,
  codec: IdCodec,
  nowIso: string,
): unknown {
  if (!isNonNullType(type)) return null;
  const inner = type.ofType;
  if (isListType(inner)) return [];
  const path = responsePathAsArray(info.path).join('.');
  if (isScalarType(inner)) {
    if (inner.name === 'ID')
      return codec.fromText(`${path}:${(source as { path?: string } | null)?.path ?? ''}`);
    if (inner.name === 'DateTime' || inner.name === 'DateTimeOrDuration') {
      return source instanceof Placeholder ? source.createdAt : nowIso;
    }
    return SCALARS[inner.name] ?? '';
  }
  if (isEnumType(inner)) return inner.getValues()[0]?.value ?? null;
  const named = getNamedType(inner);
  const createdAt = source instanceof Placeholder ? source.createdAt : nowIso;
  if (isObjectType(named)) return new Placeholder(named.name, path, createdAt);
  if (isAbstractType(named)) {
    const concrete = info.schema.getPossibleTypes(named)[0];
    return concrete === undefined ? null : new Placeholder(concrete.name, path, createdAt);
  }
  return null;
}
