import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { ZodError } from 'zod';
import { isAppError, type ErrorCode } from '../../errors/app-error.ts';
import { errorBody, httpStatusOf } from '../error-response.ts';

const WWW_AUTHENTICATE = 'Bearer realm="digital-spiral"';

function send(
  reply: FastifyReply,
  request: FastifyRequest,
  status: number,
  code: ErrorCode,
  message: string,
  extra: { details?: Record<string, unknown> | undefined; retryAfter?: number | undefined } = {},
): FastifyReply {
  if (code === 'unauthorized') reply.header('www-authenticate', WWW_AUTHENTICATE);
  if (extra.retryAfter !== undefined) reply.header('retry-after', String(Math.ceil(extra.retryAfter)));
  return reply
    .status(status)
    .type('application/json; charset=utf-8')
    .send(errorBody(code, message, request.id, extra));
}

/**
 * Maps every failure to the typed error body. Client mistakes keep their (safe) message; anything
 * unexpected is logged with its cause and answered as a generic 500 with the request id only.
 */
export const errorsPlugin = fp(
  (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError | Error, request, reply) => {
      if (isAppError(error)) {
        const status = httpStatusOf(error.code);
        if (status >= 500)
          request.log.error({ err: error.cause ?? error, code: error.code }, 'request failed');
        return send(reply, request, status, error.code, error.message, {
          details: error.details,
          retryAfter: error.retryAfter,
        });
      }
      if (hasZodFastifySchemaValidationErrors(error)) {
        const issues = error.validation.map((v) => ({
          in: error.validationContext ?? 'body',
          path: v.instancePath.replace(/^\//, '').replaceAll('/', '.'),
          message: v.message ?? 'invalid',
        }));
        return send(reply, request, 400, 'validation_error', `invalid request ${issues[0]?.in ?? 'input'}`, {
          details: { issues },
        });
      }
      if (error instanceof ZodError) {
        const issues = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
        return send(reply, request, 400, 'validation_error', 'invalid input', { details: { issues } });
      }
      const statusCode = (error as FastifyError).statusCode;
      if (isResponseSerializationError(error) || statusCode === undefined || statusCode >= 500) {
        request.log.error({ err: error }, 'request failed');
        return send(reply, request, 500, 'internal', 'internal error');
      }
      // Fastify's own client errors: malformed JSON, empty body, body too large, unsupported media type...
      // Their messages describe the request, never server internals.
      if (statusCode === 429) return send(reply, request, 429, 'rate_limited', error.message);
      return send(reply, request, statusCode, 'validation_error', error.message, {
        details: { reason: (error as FastifyError).code ?? 'bad_request' },
      });
    });

    app.setNotFoundHandler((request, reply) =>
      send(
        reply,
        request,
        404,
        'not_found',
        `unknown route ${request.method} ${request.url.split('?')[0]?.slice(0, 200) ?? ''}`,
      ),
    );
  },
  { name: 'errors' },
);
