import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database, Tenant } from '../db/database.ts';
import { AppError } from '../errors/app-error.ts';

export const tenantSlugSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, { error: 'a slug is 2-63 lowercase letters, digits or dashes' });

export const newTenantSchema = z.object({
  slug: tenantSlugSchema,
  name: z.string().trim().min(1).max(200),
});

/** Tenant administration runs as the owner (tenants are not tenant-scoped). */
export async function createTenant(
  owner: Kysely<Database>,
  input: z.input<typeof newTenantSchema>,
): Promise<Tenant> {
  const { slug, name } = newTenantSchema.parse(input);
  const row = await owner
    .insertInto('tenants')
    .values({ slug, name })
    .onConflict((oc) => oc.column('slug').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (row === undefined) throw new AppError('conflict', `a tenant with slug '${slug}' already exists`);
  return row;
}

export async function findTenantBySlug(owner: Kysely<Database>, slug: string): Promise<Tenant | undefined> {
  return owner
    .selectFrom('tenants')
    .selectAll()
    .where('slug', '=', slug)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
}

export async function requireTenantBySlug(owner: Kysely<Database>, slug: string): Promise<Tenant> {
  const tenant = await findTenantBySlug(owner, slug);
  if (tenant === undefined) throw new AppError('not_found', `unknown tenant '${slug}'`);
  return tenant;
}

export async function listTenants(owner: Kysely<Database>): Promise<Tenant[]> {
  return owner.selectFrom('tenants').selectAll().where('deleted_at', 'is', null).orderBy('slug').execute();
}
