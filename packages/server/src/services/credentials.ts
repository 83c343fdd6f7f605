import type { Kysely } from 'kysely';
import { decryptSecret, encryptSecret, envelopeKeyId } from '../crypto/secret-box.ts';
import type { Keyring } from '../crypto/keyring.ts';
import type { Database } from '../db/database.ts';
import { withTenant } from '../db/with-tenant.ts';
import { listTenants } from '../repositories/tenants.ts';

/** What a source instance's credentials are bound to: a ciphertext moved to another row won't decrypt. */
export function credentialContext(tenantId: string, instanceId: string): string {
  return `source_instance:${tenantId}:${instanceId}`;
}

export function sealCredentials(
  keyring: Keyring,
  tenantId: string,
  instanceId: string,
  credentials: unknown,
): string {
  return encryptSecret(keyring, JSON.stringify(credentials), credentialContext(tenantId, instanceId));
}

export function openCredentials(
  keyring: Keyring,
  tenantId: string,
  instanceId: string,
  envelope: string,
): unknown {
  return JSON.parse(decryptSecret(keyring, envelope, credentialContext(tenantId, instanceId)));
}

/**
 * Re-encrypts every stored credential that is not under the current key (after a rotation: the new key
 * becomes DS_ENCRYPTION_KEY, the old one moves to DS_ENCRYPTION_OLD_KEYS until this has run).
 * Tenants are listed as the owner; each tenant's rows are rewritten under its own RLS context.
 */
export async function reencryptAllCredentials(
  db: { owner: Kysely<Database>; runtime: Kysely<Database> },
  keyring: Keyring,
): Promise<{ reencrypted: number; current: number }> {
  let reencrypted = 0;
  let current = 0;
  for (const tenant of await listTenants(db.owner)) {
    await withTenant(db.runtime, tenant.id, async (trx) => {
      const rows = await trx
        .selectFrom('source_instances')
        .select(['id', 'credentials_encrypted'])
        .where('tenant_id', '=', tenant.id)
        .forUpdate()
        .execute();
      for (const row of rows) {
        if (envelopeKeyId(row.credentials_encrypted) === keyring.current.id) {
          current += 1;
          continue;
        }
        const context = credentialContext(tenant.id, row.id);
        const sealed = encryptSecret(
          keyring,
          decryptSecret(keyring, row.credentials_encrypted, context),
          context,
        );
        await trx
          .updateTable('source_instances')
          .set({ credentials_encrypted: sealed })
          .where('tenant_id', '=', tenant.id)
          .where('id', '=', row.id)
          .execute();
        reencrypted += 1;
      }
    });
  }
  return { reencrypted, current };
}
