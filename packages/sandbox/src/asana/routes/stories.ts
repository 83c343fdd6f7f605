import type { FastifyInstance } from 'fastify';
import { asRoute, type AsDeps } from '../context.ts';
import { badRequest, bodyData } from '../http.ts';
import { storyCompact, storyFull } from '../render.ts';
import { plainText } from '../schemas.ts';
import { recordOf } from '../store.ts';
import { addComment, placeTask } from '../writes.ts';
import { fieldsOf, sendCollection, sendData, view } from './common.ts';
import { findSection, findTask } from './tasks.ts';

/** A task's stories (its history and comments), commenting, and moving a task into a section. */

export function registerStoryRoutes(app: FastifyInstance, deps: AsDeps): void {
  const { store } = deps;

  asRoute(app, deps, 'GET', '/tasks/:task_gid/stories', (request, reply) => {
    const found = findTask(store, reply, (request.params as { task_gid: string }).task_gid);
    if (!found.ok) return found.reply;
    const g = found.value;
    const fields = fieldsOf(request);
    const stories = recordOf(store, g).stories.map((story, key) => ({ key, value: story }));
    return sendCollection(reply, request, deps, stories, (story) =>
      view(
        deps,
        fields,
        story,
        (s) => storyCompact(store, s),
        (s) => storyFull(store, g, s),
      ),
    );
  });

  asRoute(app, deps, 'POST', '/tasks/:task_gid/stories', (request, reply, me) => {
    const found = findTask(store, reply, (request.params as { task_gid: string }).task_gid);
    if (!found.ok) return found.reply;
    const body = bodyData(request);
    if (!body.ok) return badRequest(reply, body.message);
    const { text, html_text: html } = body.data;
    const content = typeof text === 'string' ? text : typeof html === 'string' ? plainText(html) : '';
    if (content.trim() === '') return badRequest(reply, 'text: Missing input');
    const story = addComment(deps, found.value, me.index, content);
    const full = storyFull(store, found.value, story);
    return sendData(
      reply,
      view(
        deps,
        fieldsOf(request),
        full,
        (s) => s,
        (s) => s,
      ),
      201,
    );
  });

  asRoute(app, deps, 'POST', '/sections/:section_gid/addTask', (request, reply, me) => {
    const section = findSection(store, reply, (request.params as { section_gid: string }).section_gid);
    if (!section.ok) return section.reply;
    const body = bodyData(request);
    if (!body.ok) return badRequest(reply, body.message);
    const task = findTask(store, reply, body.data.task);
    if (!task.ok) return task.reply;
    placeTask(deps, task.value, me.index, section.value.project, section.value.section);
    return sendData(reply, {});
  });
}
