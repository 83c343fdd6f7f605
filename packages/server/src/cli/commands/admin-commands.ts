import { forgetVerifiedToken } from '../../auth/verified-tokens.ts';
import type { Command } from 'commander';
import { z } from 'zod';
import { scopeListSchema } from '../../auth/scopes.ts';
import { generateKeySpec } from '../../crypto/keyring.ts';
import { migrate } from '../../db/migrations.ts';
import { withTenant } from '../../db/with-tenant.ts';
import { AppError } from '../../errors/app-error.ts';
import { revokeApiToken } from '../../repositories/api-tokens.ts';
import {
  createTenant,
  listTenants,
  requireTenantBySlug,
  tenantSlugSchema,
} from '../../repositories/tenants.ts';
import { issueApiToken } from '../../services/api-tokens.ts';
import { reencryptAllCredentials } from '../../services/credentials.ts';
import type { CliIo } from '../cli-io.ts';
import { withCommandContext, type Env } from '../with-context.ts';

/** Parses a CLI argument with a zod schema, turning a failure into one readable validation error. */
function parseArg<T>(schema: z.ZodType<T>, value: unknown, name: string): T {
  const result = schema.safeParse(value);
  if (!result.success)
    throw new AppError('validation_error', `${name}: ${result.error.issues[0]?.message ?? 'invalid'}`);
  return result.data;
}

export function registerAdminCommands(program: Command, env: Env, io: CliIo): void {
  program
    .command('migrate')
    .description('apply pending database migrations (as the owner role)')
    .action(async () => {
      await withCommandContext(env, { migrate: false }, async (ctx) => {
        const { applied } = await migrate(ctx.db, ctx.migrations);
        io.out(applied.length === 0 ? 'database is up to date' : `applied migrations: ${applied.join(', ')}`);
      });
    });

  const tenants = program.command('tenants').description('manage tenants');
  tenants
    .command('create <slug>')
    .description('create a tenant')
    .option('--name <name>', 'display name (defaults to the slug)')
    .action(async (slug: string, options: { name?: string }) => {
      const parsedSlug = parseArg(tenantSlugSchema, slug, 'slug');
      await withCommandContext(env, { migrate: true }, async (ctx) => {
        const tenant = await createTenant(ctx.db.owner, {
          slug: parsedSlug,
          name: options.name ?? parsedSlug,
        });
        io.out(`created tenant ${tenant.slug} (${tenant.id})`);
      });
    });
  tenants
    .command('list')
    .description('list tenants')
    .action(async () => {
      await withCommandContext(env, { migrate: true }, async (ctx) => {
        for (const t of await listTenants(ctx.db.owner)) io.out(`${t.slug}\t${t.id}\t${t.name}`);
      });
    });

  const tokens = program.command('tokens').description('manage API tokens');
  tokens
    .command('create')
    .description('create an API token; it is printed once and stored only as a hash')
    .requiredOption('--tenant <slug>', 'tenant slug')
    .option('--scopes <list>', 'comma-separated scopes: read, write, admin', 'read')
    .option('--name <name>', 'a label for the token', 'cli')
    .action(async (options: { tenant: string; scopes: string; name: string }) => {
      const scopes = parseArg(scopeListSchema, options.scopes, '--scopes');
      const name = parseArg(z.string().trim().min(1).max(200), options.name, '--name');
      await withCommandContext(env, { migrate: true }, async (ctx) => {
        const tenant = await requireTenantBySlug(ctx.db.owner, options.tenant);
        const { token, info } = await issueApiToken(ctx.db.runtime, tenant.id, { name, scopes });
        io.err(
          `created token ${info.id} for tenant ${tenant.slug} with scopes ${scopes.join(',')}; it is shown once:`,
        );
        io.out(token);
      });
    });
  tokens
    .command('revoke <id>')
    .description('revoke an API token at once')
    .option('--tenant <slug>', 'tenant slug (default: search every tenant)')
    .action(async (id: string, options: { tenant?: string }) => {
      const tokenId = parseArg(z.uuid({ error: 'must be a token id (a UUID)' }), id, 'id');
      await withCommandContext(env, { migrate: true }, async (ctx) => {
        const candidates =
          options.tenant === undefined
            ? await listTenants(ctx.db.owner)
            : [await requireTenantBySlug(ctx.db.owner, options.tenant)];
        for (const tenant of candidates) {
          if (await withTenant(ctx.db.runtime, tenant.id, (trx) => revokeApiToken(trx, tenant.id, tokenId))) {
            // Servers sharing this Redis stop accepting it at once; others within VERIFIED_TOKEN_TTL_SECONDS.
            await forgetVerifiedToken(ctx.kv.cache, tenant.id, tokenId);
            io.out(`revoked token ${tokenId} of tenant ${tenant.slug}`);
            return;
          }
        }
        throw new AppError('not_found', `no active token ${tokenId}`);
      });
    });

  const keys = program.command('keys').description('manage the credential encryption keys');
  keys
    .command('generate')
    .description('print a new key for DS_ENCRYPTION_KEY')
    .action(() => {
      io.out(generateKeySpec());
    });
  keys
    .command('reencrypt')
    .description('re-encrypt every stored credential with the current key (after a rotation)')
    .action(async () => {
      await withCommandContext(env, { migrate: true }, async (ctx) => {
        const { reencrypted, current } = await reencryptAllCredentials(ctx.db, ctx.keyring);
        io.out(
          `re-encrypted ${reencrypted} credential(s) with key ${ctx.keyring.current.id}; ${current} already current`,
        );
      });
    });
}
