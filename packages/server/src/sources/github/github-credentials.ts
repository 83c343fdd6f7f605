import { z } from 'zod';

/** A personal access token (classic or fine-grained) or an app installation token, sent as a bearer token. */
export const githubCredentialsSchema = z.strictObject({
  token: z.string().trim().min(1, 'token is required').max(1000),
});
export type GithubCredentials = z.infer<typeof githubCredentialsSchema>;
