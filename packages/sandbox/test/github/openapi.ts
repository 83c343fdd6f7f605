import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

/**
 * Contract checks against a vendor's OpenAPI 3.0 description: a response (status, headers, body) must match what
 * the description declares for that path, method and status. Used by the GitHub and the Asana contract tests.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface OpenApiDoc {
  paths: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
}

export interface ResponseLike {
  statusCode: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
}

export interface ContractValidator {
  /** Problems of a response against the description of `method path` (path as written in the description). */
  check(method: string, path: string, response: ResponseLike): string[];
  /** Problems of a value against a named component schema (for bodies the description does not list a status for). */
  checkSchema(component: string, value: unknown): string[];
}

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** GitHub's REST description as packaged by Octokit. */
export function loadGithubDescription(): OpenApiDoc {
  const file = createRequire(import.meta.url).resolve('@octokit/openapi/generated/api.github.com.json');
  return JSON.parse(readFileSync(file, 'utf8')) as OpenApiDoc;
}

/** Asana's description, from the repository's sibling `shared/specs` folder. */
export function loadAsanaDescription(): OpenApiDoc {
  const file = resolve(repoRoot, '../shared/specs/asana.openapi.yaml');
  return parseYaml(readFileSync(file, 'utf8'), { maxAliasCount: -1 }) as OpenApiDoc;
}

const DROPPED = new Set(['example', 'examples', 'discriminator', 'xml', 'externalDocs', 'deprecated']);
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs']);

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns OpenAPI 3.0 schema dialect into JSON Schema that Ajv reads: `nullable` becomes a null alternative
 * (also when it sits in one member of an `allOf`, as Asana writes it), examples and vendor extensions go away.
 * `discriminator` is dropped: Ajv's support needs every branch to declare the property, which GitHub's do not.
 */
function convert(node: Json): Json {
  if (Array.isArray(node)) return node.map(convert);
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED.has(key) || key.startsWith('x-')) continue;
    if (key === '$ref' && typeof value === 'string')
      out.$ref = value.startsWith('#') ? `spec${value}` : value;
    else if (SCHEMA_MAPS.has(key) && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, convert(schema)]));
    } else out[key] = convert(value);
  }
  const allOf = node.allOf;
  const nullable =
    node.nullable === true || (Array.isArray(allOf) && allOf.some((m) => isObject(m) && m.nullable === true));
  delete out.nullable;
  if (!nullable) return out;
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

function pointerGet(doc: Json, ref: string): Json | undefined {
  const parts = ref
    .replace(/^spec#\//, '')
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: Json | undefined = doc;
  for (const part of parts) node = isObject(node) ? node[part] : undefined;
  return node;
}

/** Follows `$ref`s of a non-schema object (a response, a header). */
function deref(doc: Json, node: Json | undefined): Json | undefined {
  let current = node;
  for (let i = 0; i < 10 && isObject(current) && typeof current.$ref === 'string'; i++)
    current = pointerGet(doc, current.$ref);
  return current;
}

function headerValue(headers: ResponseLike['headers'], name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

export function createContractValidator(description: OpenApiDoc): ContractValidator {
  const doc = convert({ paths: description.paths, components: description.components } as unknown as Json);
  const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
  const ajv = addFormats(new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false }));
  ajv.addSchema(doc as object, 'spec');
  const compiled = new Map<string, ValidateFunction>();
  const compile = (key: string, schema: Json): ValidateFunction => {
    let fn = compiled.get(key);
    if (!fn) {
      fn = ajv.compile(schema as object);
      compiled.set(key, fn);
    }
    return fn;
  };
  const errorsOf = (fn: ValidateFunction, value: unknown, where: string): string[] =>
    fn(value)
      ? []
      : (fn.errors ?? [])
          .slice(0, 8)
          .map((e) => `${where}${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);

  return {
    check(method, path, response) {
      const operation = pointerGet(
        doc,
        `spec#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method.toLowerCase()}`,
      );
      if (!isObject(operation)) return [`${method} ${path} is not in the description`];
      const responses = operation.responses;
      const status = String(response.statusCode);
      const declared = deref(doc, isObject(responses) ? (responses[status] ?? responses.default) : undefined);
      if (!isObject(declared)) return [`${method} ${path} declares no ${status} response`];
      const problems: string[] = [];
      const headers = declared.headers;
      if (isObject(headers)) {
        for (const [name, spec] of Object.entries(headers)) {
          const header = deref(doc, spec);
          const value = headerValue(response.headers, name);
          if (!isObject(header)) continue;
          if (value === undefined) {
            if (header.required === true) problems.push(`header ${name} is required`);
            continue;
          }
          if (isObject(header.schema)) {
            problems.push(
              ...errorsOf(
                compile(`${method} ${path} ${status} header ${name}`, header.schema),
                value,
                `header ${name}`,
              ),
            );
          }
        }
      }
      const content = declared.content;
      if (!isObject(content)) {
        if (response.body.length > 0) problems.push(`${status} declares no body but one was sent`);
        return problems;
      }
      const type = headerValue(response.headers, 'content-type') ?? '';
      const media = Object.keys(content).find((m) => type.startsWith(m));
      if (!media)
        return [...problems, `content-type ${type} is not one of ${Object.keys(content).join(', ')}`];
      const entry = content[media];
      const schema = isObject(entry) ? entry.schema : undefined;
      if (schema === undefined) return problems;
      let body: unknown;
      try {
        body = JSON.parse(response.body);
      } catch {
        return [...problems, 'body is not JSON'];
      }
      return [
        ...problems,
        ...errorsOf(compile(`${method} ${path} ${status} ${media}`, schema), body, 'body'),
      ];
    },
    checkSchema(component, value) {
      return errorsOf(
        compile(`component ${component}`, { $ref: `spec#/components/schemas/${component}` }),
        value,
        component,
      );
    },
  };
}
