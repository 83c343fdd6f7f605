import Fastify, { type LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../github/helpers.ts';
import { createContractValidator, loadAsanaDescription, type ContractValidator } from '../github/openapi.ts';
import { API, asana, data, startAsana, WORKSPACE } from './helpers.ts';

/**
 * Every endpoint and status the Asana fake serves, validated against Asana's own description
 * (shared/specs/asana.openapi.yaml). Statuses Asana really returns but the description leaves out of an
 * operation (429, 503) are checked against its `ErrorResponse` schema.
 */

let v: ContractValidator;
let h: Harness;
let call: ReturnType<typeof asana>;
let project = '';
let section = '';
let task = '';

beforeAll(async () => {
  v = createContractValidator(loadAsanaDescription());
  h = await startAsana({ size: 300 });
  call = asana(h);
  project = data<{ gid: string }[]>(await call('GET', `/projects?workspace=${WORKSPACE}`))[0]?.gid ?? '';
  section = data<{ gid: string }[]>(await call('GET', `/projects/${project}/sections`))[2]?.gid ?? '';
  task = data<{ gid: string }[]>(await call('GET', `/tasks?project=${project}&limit=1`))[0]?.gid ?? '';
});
afterAll(async () => {
  await h.app.close();
});

function valid(method: string, path: string, res: LightMyRequestResponse, status: number): void {
  expect(res.statusCode).toBe(status);
  expect(v.check(method, path, res)).toEqual([]);
}

function validError(res: LightMyRequestResponse, status: number): void {
  expect(res.statusCode).toBe(status);
  expect(v.checkSchema('ErrorResponse', JSON.parse(res.body))).toEqual([]);
}

async function newTask(name = 'Contract task'): Promise<string> {
  const res = await call('POST', '/tasks', { data: { name, projects: [project] } });
  expect(res.statusCode).toBe(201);
  return data<{ gid: string }>(res).gid;
}

describe('users, workspaces, projects, sections', () => {
  it('reads the user, workspaces and projects', async () => {
    valid('GET', '/users/{user_gid}', await call('GET', '/users/me'), 200);
    valid(
      'GET',
      '/users/{user_gid}',
      await call('GET', '/users/me?opt_fields=name,email,workspaces.name'),
      200,
    );
    valid('GET', '/users/{user_gid}', await call('GET', '/users/1208000000199999'), 404);
    valid('GET', '/users/{user_gid}', await call('GET', '/users/someone'), 400);
    valid('GET', '/workspaces', await call('GET', '/workspaces'), 200);
    valid(
      'GET',
      '/workspaces',
      await call('GET', '/workspaces?limit=1&opt_fields=name,is_organization'),
      200,
    );
    valid('GET', '/projects', await call('GET', `/projects?workspace=${WORKSPACE}&limit=1`), 200);
    valid(
      'GET',
      '/projects',
      await call(
        'GET',
        `/projects?workspace=${WORKSPACE}&opt_fields=name,owner.name,team.name,modified_at,color,archived`,
      ),
      200,
    );
    valid('GET', '/projects', await call('GET', '/projects'), 400);
    valid(
      'GET',
      '/projects',
      await call('GET', '/projects?team=1208000000200001&opt_fields=name,team.name'),
      200,
    );
    valid('GET', '/projects', await call('GET', '/projects?team=1208000000299999'), 404);
    valid(
      'GET',
      '/workspaces/{workspace_gid}/projects',
      await call('GET', `/workspaces/${WORKSPACE}/projects`),
      200,
    );
    valid(
      'GET',
      '/workspaces/{workspace_gid}/projects',
      await call('GET', '/workspaces/1208000000000999/projects'),
      404,
    );
    valid('GET', '/projects/{project_gid}', await call('GET', `/projects/${project}`), 200);
    valid('GET', '/projects/{project_gid}', await call('GET', '/projects/1208000000399999'), 404);
  });
  it('lists and reads sections', async () => {
    valid('GET', '/projects/{project_gid}/sections', await call('GET', `/projects/${project}/sections`), 200);
    valid(
      'GET',
      '/projects/{project_gid}/sections',
      await call('GET', `/projects/${project}/sections?opt_fields=name,project.name,created_at`),
      200,
    );
    valid('GET', '/projects/{project_gid}/sections', await call('GET', '/projects/x/sections'), 400);
    valid('GET', '/sections/{section_gid}', await call('GET', `/sections/${section}`), 200);
    valid('GET', '/sections/{section_gid}', await call('GET', '/sections/1208000000499999'), 404);
  });
});

describe('tasks', () => {
  it('lists tasks compact, with fields, paged, and refuses bad queries', async () => {
    valid('GET', '/tasks', await call('GET', `/tasks?project=${project}&limit=50`), 200);
    const fields =
      'name,completed,completed_at,created_at,modified_at,assignee.name,memberships.section.name,memberships.project.name,notes,due_on,projects,workspace,followers.name,permalink_url,tags,parent';
    valid(
      'GET',
      '/tasks',
      await call('GET', `/tasks?project=${project}&limit=100&opt_fields=${fields}`),
      200,
    );
    valid(
      'GET',
      '/tasks',
      await call('GET', `/tasks?section=${section}&modified_since=2025-01-01T00:00:00Z`),
      200,
    );
    valid(
      'GET',
      '/tasks',
      await call('GET', `/tasks?assignee=me&workspace=${WORKSPACE}&completed_since=now`),
      200,
    );
    valid('GET', '/tasks', await call('GET', '/tasks'), 400);
    valid('GET', '/tasks', await call('GET', `/tasks?project=${project}&limit=0`), 400);
    valid('GET', '/tasks', await call('GET', `/tasks?project=${project}&limit=10&offset=not-a-token`), 400);
    valid('GET', '/tasks', await call('GET', `/tasks?project=${project}&modified_since=yesterday`), 400);
    valid('GET', '/tasks', await call('GET', '/tasks?project=1208000000399999'), 404);
    valid(
      'GET',
      '/projects/{project_gid}/tasks',
      await call('GET', `/projects/${project}/tasks?limit=10`),
      200,
    );
    valid(
      'GET',
      '/sections/{section_gid}/tasks',
      await call('GET', `/sections/${section}/tasks?limit=10`),
      200,
    );
  });
  it('reads, creates, updates and deletes a task', async () => {
    valid('GET', '/tasks/{task_gid}', await call('GET', `/tasks/${task}`), 200);
    valid(
      'GET',
      '/tasks/{task_gid}',
      await call('GET', `/tasks/${task}?opt_fields=name,assignee.email,memberships.section.name`),
      200,
    );
    valid('GET', '/tasks/{task_gid}', await call('GET', '/tasks/oops'), 400);
    valid('GET', '/tasks/{task_gid}', await call('GET', '/tasks/1208000199999999'), 404);
    valid(
      'POST',
      '/tasks',
      await call('POST', '/tasks', {
        data: { name: 'New', projects: [project], assignee: 'me', due_on: '2026-07-01' },
      }),
      201,
    );
    valid('POST', '/tasks', await call('POST', '/tasks', { data: { name: 'Nowhere' } }), 400);
    valid(
      'POST',
      '/tasks',
      await call('POST', '/tasks', { data: { name: 'x', projects: ['1208000000399999'] } }),
      404,
    );
    const gid = await newTask();
    valid(
      'PUT',
      '/tasks/{task_gid}',
      await call('PUT', `/tasks/${gid}`, { data: { completed: true, name: 'Done now' } }),
      200,
    );
    valid(
      'PUT',
      '/tasks/{task_gid}',
      await call('PUT', `/tasks/${gid}`, { data: { completed: 'maybe' } }),
      400,
    );
    valid(
      'PUT',
      '/tasks/{task_gid}',
      await call('PUT', '/tasks/1208000199999999', { data: { name: 'x' } }),
      404,
    );
    valid('DELETE', '/tasks/{task_gid}', await call('DELETE', `/tasks/${gid}`), 200);
    valid('DELETE', '/tasks/{task_gid}', await call('DELETE', `/tasks/${gid}`), 404);
  });
  it('adds a task to a project and moves it between sections', async () => {
    const gid = await newTask();
    const other =
      data<{ gid: string }[]>(await call('GET', `/projects?workspace=${WORKSPACE}`))[1]?.gid ?? '';
    valid(
      'POST',
      '/tasks/{task_gid}/addProject',
      await call('POST', `/tasks/${gid}/addProject`, { data: { project: other } }),
      200,
    );
    valid(
      'POST',
      '/tasks/{task_gid}/addProject',
      await call('POST', `/tasks/${gid}/addProject`, { data: {} }),
      400,
    );
    valid(
      'POST',
      '/tasks/{task_gid}/addProject',
      await call('POST', '/tasks/1208000199999999/addProject', { data: { project: other } }),
      404,
    );
    valid(
      'POST',
      '/sections/{section_gid}/addTask',
      await call('POST', `/sections/${section}/addTask`, { data: { task: gid } }),
      200,
    );
    valid(
      'POST',
      '/sections/{section_gid}/addTask',
      await call('POST', `/sections/${section}/addTask`, { data: { task: 'abc' } }),
      400,
    );
    valid(
      'POST',
      '/sections/{section_gid}/addTask',
      await call('POST', '/sections/1208000000499999/addTask', { data: { task: gid } }),
      404,
    );
  });
});

describe('stories', () => {
  it('lists a task history and adds comments', async () => {
    valid('GET', '/tasks/{task_gid}/stories', await call('GET', `/tasks/${task}/stories`), 200);
    valid(
      'GET',
      '/tasks/{task_gid}/stories',
      await call(
        'GET',
        `/tasks/${task}/stories?limit=2&opt_fields=text,created_by.name,new_section.name,old_section.name,assignee.name,resource_subtype,type,target.name`,
      ),
      200,
    );
    valid(
      'POST',
      '/tasks/{task_gid}/stories',
      await call('POST', `/tasks/${task}/stories`, { data: { text: 'Looks good.' } }),
      201,
    );
    valid(
      'POST',
      '/tasks/{task_gid}/stories',
      await call('POST', `/tasks/${task}/stories`, { data: {} }),
      400,
    );
    valid(
      'POST',
      '/tasks/{task_gid}/stories',
      await call('POST', '/tasks/1208000199999999/stories', { data: { text: 'x' } }),
      404,
    );
  });
});

describe('webhooks and refusals', () => {
  it('lists webhooks and refuses an unreachable target', async () => {
    valid('GET', '/webhooks', await call('GET', `/webhooks?workspace=${WORKSPACE}`), 200);
    valid('GET', '/webhooks', await call('GET', '/webhooks'), 400);
    valid(
      'POST',
      '/webhooks',
      await call('POST', '/webhooks', { data: { resource: project, target: 'http://127.0.0.1:9/hook' } }),
      400,
    );
    valid('GET', '/webhooks/{webhook_gid}', await call('GET', '/webhooks/1208000000599999'), 404);
    valid('DELETE', '/webhooks/{webhook_gid}', await call('DELETE', '/webhooks/1208000000599999'), 404);
  });
  it('answers 401 without a valid token', async () => {
    valid('GET', '/tasks/{task_gid}', await asana(h, 'wrong')('GET', `/tasks/${task}`), 401);
    valid('GET', '/users/{user_gid}', await h.app.inject({ url: `${API}/users/me` }), 401);
  });
  it('answers rate limits (429, Retry-After) and server errors with Asana bodies', async () => {
    const faulty = async (fault: 429 | 500 | 503) => {
      const app = Fastify();
      app.addHook('onRequest', async (_request, reply) =>
        fault === 429
          ? h.service.sendRateLimited(reply, 30, { limit: 150, remaining: 0, used: 150, resetAt: 0 })
          : h.service.sendServerError(reply, fault),
      );
      await h.service.register(app);
      const res = await app.inject({
        url: `${API}/tasks/${task}`,
        headers: { authorization: 'Bearer sandbox-asana-token' },
      });
      await app.close();
      return res;
    };
    const limited = await faulty(429);
    validError(limited, 429);
    expect(limited.headers['retry-after']).toBe('30');
    valid('GET', '/tasks/{task_gid}', await faulty(500), 500);
    validError(await faulty(503), 503);
  });
});

describe('the validator', () => {
  it('catches wrong types, formats, enums and wrappers in Asana bodies', async () => {
    const res = await call('GET', `/tasks/${task}`);
    const body = JSON.parse(res.body) as { data: Record<string, unknown> };
    const drift = (b: unknown) => v.check('GET', '/tasks/{task_gid}', { ...res, body: JSON.stringify(b) });
    expect(drift({ data: { ...body.data, completed: 'yes' } })).toEqual([
      'body/data/completed must be boolean {"type":"boolean"}',
    ]);
    expect(drift({ data: { ...body.data, modified_at: 'today' } })).toEqual([
      'body/data/modified_at must match format "date-time" {"format":"date-time"}',
    ]);
    expect(drift({ data: { ...body.data, resource_subtype: 'chore' } })).toEqual([
      expect.stringContaining('must be equal to one of the allowed values'),
    ]);
    expect(drift({ data: [body.data] })).toContain('body/data must be object {"type":"object"}');
  });
});
