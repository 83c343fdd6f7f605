import type { FastifyError, FastifyInstance } from 'fastify';
import type { JiraAuth } from './auth.ts';
import { registerCommentRoutes } from './comment-routes.ts';
import type { JiraContext } from './context.ts';
import { registerIssueRoutes } from './issue-routes.ts';
import { registerMetaRoutes } from './meta-routes.ts';
import { sendAnonymous, sendBadCredentials, sendFailure } from './replies.ts';
import { registerSearchRoutes } from './search-routes.ts';
import { registerWebhookRoutes } from './webhook-routes.ts';

/** Endpoints Jira serves without credentials. */
const ANONYMOUS = new Set(['/rest/api/3/serverInfo']);

/** Maps Fastify's own errors (bad JSON, wrong media type, huge body) to Jira's answers; anything else is a 500. */
function jiraError(error: FastifyError): { status: 400 | 413 | 415 | 500; message: string } {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return {
        status: 400,
        message: 'Invalid request payload. Refer to the REST API documentation and try again.',
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_TYPE':
      return { status: 415, message: 'Unsupported Media Type' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, message: 'Request entity too large' };
    default:
      if (error instanceof SyntaxError || error.statusCode === 400) {
        return {
          status: 400,
          message: 'Invalid request payload. Refer to the REST API documentation and try again.',
        };
      }
      return { status: 500, message: 'Internal server error' };
  }
}

/** The Jira REST surface on a (child) Fastify instance: auth, error mapping and every route. */
export function registerJira(app: FastifyInstance, ctx: JiraContext, auth: JiraAuth): void {
  app.addHook('onRequest', (request, reply, done) => {
    const route = request.routeOptions.url;
    if (route !== undefined && ANONYMOUS.has(route)) {
      done();
      return;
    }
    const caller = auth.callerOf(request);
    if (caller.kind === 'invalid') {
      void sendBadCredentials(reply);
      return;
    }
    if (caller.kind === 'anonymous') {
      void sendAnonymous(reply);
      return;
    }
    ctx.actors.set(request, caller.person);
    done();
  });

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const mapped = jiraError(error);
    return sendFailure(reply, { status: mapped.status, errorMessages: [mapped.message], errors: {} });
  });

  app.setNotFoundHandler((request, reply) =>
    sendFailure(reply, {
      status: 404,
      errorMessages: [`null for uri: ${ctx.refs().base}${request.url}`],
      errors: {},
    }),
  );

  registerSearchRoutes(app, ctx);
  registerIssueRoutes(app, ctx);
  registerCommentRoutes(app, ctx);
  registerMetaRoutes(app, ctx);
  registerWebhookRoutes(app, ctx);
}
