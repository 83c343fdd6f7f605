import { z } from 'zod';
import { AppError } from '../../errors/app-error.ts';

const secret = z.string().trim().min(1).max(4096);

/**
 * Linear credentials: a personal API key (sent bare in `Authorization`, as Linear requires: with `Bearer` it is
 * refused) or an OAuth access token (sent as `Bearer`). The instance's base URL is the API origin
 * (`https://api.linear.app`); requests go to `<base>/graphql`.
 */
export const linearCredentialsSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('api_key'), api_key: secret }),
  z.strictObject({ type: z.literal('oauth'), access_token: secret }),
]);
export type LinearCredentials = z.infer<typeof linearCredentialsSchema>;

/** The `Authorization` header value and the secret it carries (to redact it from anything echoed back). */
export function linearAuthorization(credentials: LinearCredentials): { header: string; secret: string } {
  return credentials.type === 'api_key'
    ? { header: credentials.api_key, secret: credentials.api_key }
    : { header: `Bearer ${credentials.access_token}`, secret: credentials.access_token };
}

/** The auth type stored on the instance. */
export function linearAuthType(credentials: unknown): 'api_key' | 'oauth' {
  const parsed = linearCredentialsSchema.safeParse(credentials);
  // The issues would describe the secret's shape; the message names the expected forms only.
  if (!parsed.success) {
    throw new AppError(
      'validation_error',
      'credentials: expected { type: "api_key", api_key } or { type: "oauth", access_token }',
    );
  }
  return parsed.data.type;
}
