import { z } from 'zod';

/**
 * Asana credentials: a personal access token or an OAuth access token, both sent as `Authorization: Bearer`.
 * The instance's base URL is the API root (`https://app.asana.com/api/1.0`); a bare origin gets `/api/1.0`.
 */
export const asanaCredentialsSchema = z.strictObject({
  token: z.string().trim().min(1).max(4096),
});
export type AsanaCredentials = z.infer<typeof asanaCredentialsSchema>;
