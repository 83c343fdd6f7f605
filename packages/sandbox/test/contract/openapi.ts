import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsImport from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

/**
 * A small OpenAPI 3.0 response validator for contract tests: finds the response of a path template, method and
 * status, resolves `$ref`s, understands `nullable`, and checks status, headers and body with Ajv.
 */

export interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, unknown>;
}

export interface ResponseSample {
  method: string;
  /** The path as the description writes it, e.g. `/rest/api/3/issue/{issueIdOrKey}`. */
  pathTemplate: string;
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  /** Parsed JSON, or the raw text (parsed here when the documented media type is JSON); undefined when empty. */
  body: unknown;
}

export interface ValidationResult {
  valid: boolean;
  errors: string[];
}

/** Loads a description from JSON or YAML (by extension). */
export function loadOpenApi(path: string): OpenApiDoc {
  const text = readFileSync(path, 'utf8');
  return (path.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { maxAliasCount: -1 })) as OpenApiDoc;
}

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Rewrites OpenAPI 3.0 dialect into JSON Schema that Ajv (draft-07) reads: nullable, boolean exclusive bounds. */
function normalize(value: unknown, formats: Set<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => normalize(v, formats));
  if (!isNode(value)) return value;
  // Asana writes "X or null" as `allOf: [{$ref: X}, {nullable: true}]`; nullable applies to the whole.
  if (Array.isArray(value.allOf) && value.allOf.some((m) => isNode(m) && m.nullable === true)) {
    const members = (value.allOf as unknown[]).map((m): unknown =>
      isNode(m) ? Object.fromEntries(Object.entries(m).filter(([k]) => k !== 'nullable')) : m,
    );
    return normalize({ ...value, allOf: members, nullable: true }, formats);
  }
  const out: Node = {};
  for (const [k, v] of Object.entries(value)) {
    // `example`/`examples` hold instances, not schemas: keep them as they are.
    out[k] = k === 'example' || k === 'examples' ? v : normalize(v, formats);
  }
  if (typeof out.format === 'string') formats.add(out.format);
  for (const bound of ['exclusiveMinimum', 'exclusiveMaximum'] as const) {
    if (typeof out[bound] === 'boolean') {
      const limit = bound === 'exclusiveMinimum' ? 'minimum' : 'maximum';
      if (out[bound] === true && typeof out[limit] === 'number') {
        out[bound] = out[limit];
        delete out[limit];
      } else delete out[bound];
    }
  }
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') {
      out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null];
    } else if (
      out.$ref !== undefined ||
      out.allOf !== undefined ||
      out.oneOf !== undefined ||
      out.anyOf !== undefined
    ) {
      const inner = { ...out };
      for (const key of Object.keys(out)) delete out[key];
      out.anyOf = [inner, { type: 'null' }];
    }
  } else if (out.nullable === false) delete out.nullable;
  return out;
}

interface Compiled {
  ajv: Ajv;
  doc: Node;
  validators: Map<string, ValidateFunction>;
}

const DOC_ID = 'openapi-doc';
const compiledDocs = new WeakMap<object, Compiled>();

/** Jira and others send ISO 8601 offsets without a colon (`+0200`); RFC 3339 requires one. Accept both. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})$/;

function compiledDoc(doc: OpenApiDoc): Compiled {
  const cached = compiledDocs.get(doc);
  if (cached !== undefined) return cached;
  const formats = new Set<string>();
  const normalized = normalize(doc, formats) as Node;
  const ajv = new Ajv({
    strict: false,
    allErrors: true,
    allowUnionTypes: true,
    logger: false,
    validateSchema: false,
    // Jira's changelog items have a member named `toString`: never let Object.prototype stand in for it.
    ownProperties: true,
  });
  const addFormats = addFormatsImport as unknown as (a: Ajv) => Ajv;
  addFormats(ajv);
  ajv.addFormat('date-time', DATE_TIME);
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647,
  });
  ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
  for (const format of formats) if (ajv.formats[format] === undefined) ajv.addFormat(format, true);
  ajv.addSchema({ ...normalized, $id: DOC_ID }, DOC_ID, undefined, false);
  const compiled: Compiled = { ajv, doc: normalized, validators: new Map() };
  compiledDocs.set(doc, compiled);
  return compiled;
}

function pointer(parts: readonly string[]): string {
  return parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

function resolve(doc: Node, value: unknown): { node: unknown; path: string[] | null } {
  let node = value;
  let path: string[] | null = null;
  for (let hops = 0; isNode(node) && typeof node.$ref === 'string' && hops < 20; hops++) {
    const ref = node.$ref;
    if (!ref.startsWith('#/')) throw new Error(`external $ref not supported: ${ref}`);
    path = ref
      .slice(2)
      .split('/')
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    node = path.reduce<unknown>((at, key) => (isNode(at) ? at[key] : undefined), doc);
  }
  return { node, path };
}

function validatorFor(c: Compiled, key: string, location: readonly string[]): ValidateFunction {
  let validate = c.validators.get(key);
  if (validate === undefined) {
    validate = c.ajv.compile({ $ref: `${DOC_ID}#/${pointer(location)}` });
    c.validators.set(key, validate);
  }
  return validate;
}

function headerValue(headers: ResponseSample['headers'], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) {
    if (k.toLowerCase() === wanted && v !== undefined) return Array.isArray(v) ? v.join(', ') : String(v);
  }
  return undefined;
}

/** Validates one response against the description. */
export function validateResponse(doc: OpenApiDoc, sample: ResponseSample): ValidationResult {
  const c = compiledDoc(doc);
  const errors: string[] = [];
  const method = sample.method.toLowerCase();
  const operation = (c.doc.paths as Node | undefined)?.[sample.pathTemplate];
  if (!isNode(operation) || !isNode(operation[method])) {
    return {
      valid: false,
      errors: [`${sample.method.toUpperCase()} ${sample.pathTemplate} is not in the description`],
    };
  }
  const responses = operation[method].responses;
  const code = String(sample.status);
  const statusKey = [code, `${code[0] ?? ''}XX`, 'default'].find(
    (k) => isNode(responses) && responses[k] !== undefined,
  );
  if (statusKey === undefined || !isNode(responses)) {
    return {
      valid: false,
      errors: [`status ${code} is not documented for ${sample.method.toUpperCase()} ${sample.pathTemplate}`],
    };
  }
  const { node: response, path: refPath } = resolve(c.doc, responses[statusKey]);
  const base = refPath ?? ['paths', sample.pathTemplate, method, 'responses', statusKey];
  if (!isNode(response)) return { valid: false, errors: [`response ${statusKey} cannot be resolved`] };

  if (isNode(response.headers)) {
    for (const [name, declared] of Object.entries(response.headers)) {
      const { node: header } = resolve(c.doc, declared);
      const value = headerValue(sample.headers, name);
      if (value === undefined) {
        if (isNode(header) && header.required === true) errors.push(`header ${name} is required`);
        continue;
      }
      if (isNode(header) && isNode(header.schema)) {
        const type = header.schema.type;
        const typed =
          type === 'integer' || type === 'number' || (Array.isArray(type) && type.includes('integer'))
            ? Number(value)
            : value;
        const validate = validatorFor(c, `${base.join('/')}#header:${name}`, [
          ...base,
          'headers',
          name,
          'schema',
        ]);
        if (!validate(typed)) errors.push(`header ${name}: ${c.ajv.errorsText(validate.errors)}`);
      }
    }
  }

  const content = response.content;
  if (!isNode(content) || Object.keys(content).length === 0) return { valid: errors.length === 0, errors };
  const contentType = (headerValue(sample.headers, 'content-type') ?? '').split(';')[0]?.trim() ?? '';
  const mediaType =
    contentType in content
      ? contentType
      : 'application/json' in content
        ? 'application/json'
        : Object.keys(content)[0];
  if (mediaType === undefined) return { valid: errors.length === 0, errors };
  const media = content[mediaType];
  if (!isNode(media) || media.schema === undefined) return { valid: errors.length === 0, errors };
  let body = sample.body;
  if (typeof body === 'string' && mediaType.includes('json')) {
    try {
      body = body === '' ? undefined : JSON.parse(body);
    } catch {
      errors.push(`body is not JSON: ${String(sample.body).slice(0, 80)}`);
      return { valid: false, errors };
    }
  }
  const schema = media.schema;
  const empty = isNode(schema) && Object.keys(schema).length === 0;
  if (body === undefined) {
    if (!empty) errors.push(`body is empty but ${mediaType} is documented`);
    return { valid: errors.length === 0, errors };
  }
  const validate = validatorFor(c, `${base.join('/')}#${mediaType}`, [
    ...base,
    'content',
    mediaType,
    'schema',
  ]);
  if (!validate(body)) {
    for (const e of validate.errors ?? [])
      errors.push(`body${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }
  return { valid: errors.length === 0, errors };
}

/** Validates a value against a named component schema (`#/components/schemas/<name>`). */
export function validateComponent(doc: OpenApiDoc, name: string, value: unknown): ValidationResult {
  const c = compiledDoc(doc);
  const validate = validatorFor(c, `component:${name}`, ['components', 'schemas', name]);
  if (validate(value)) return { valid: true, errors: [] };
  return { valid: false, errors: (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`) };
}
