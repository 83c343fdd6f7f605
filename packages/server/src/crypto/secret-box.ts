import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';
import type { Keyring } from './keyring.ts';

const VERSION = 'v1';
const IV_BYTES = 12;

/**
 * Encrypts a secret with AES-256-GCM under the keyring's current key. The envelope is
 * `v1.<key id>.<iv>.<tag>.<ciphertext>` (base64url). `context` is authenticated but not stored: pass what
 * the secret belongs to (tenant and instance ids) so a ciphertext copied to another row fails to decrypt.
 */
export function encryptSecret(keyring: Keyring, plaintext: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyring.current.key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [
    VERSION,
    keyring.current.id,
    iv.toString('base64url'),
    tag.toString('base64url'),
    ciphertext.toString('base64url'),
  ].join('.');
}

/** The key id an envelope was sealed with (to find what a rotation must re-encrypt). */
export function envelopeKeyId(envelope: string): string | undefined {
  const parts = envelope.split('.');
  return parts.length === 5 && parts[0] === VERSION ? parts[1] : undefined;
}

/**
 * Decrypts an envelope with whichever configured key sealed it. Failures never say more than that the
 * secret could not be decrypted: no key material, no plaintext, no envelope in the message.
 */
export function decryptSecret(keyring: Keyring, envelope: string, context: string): string {
  const parts = envelope.split('.');
  const [version, keyId, iv, tag, data] = parts;
  if (
    parts.length !== 5 ||
    version !== VERSION ||
    keyId === undefined ||
    iv === undefined ||
    tag === undefined ||
    data === undefined
  ) {
    throw new AppError('internal', 'stored credentials are unreadable');
  }
  const key = keyring.byId.get(keyId);
  if (key === undefined) {
    throw new AppError('internal', 'stored credentials were encrypted with a key that is not configured', {
      details: { key_id: keyId },
    });
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch (error) {
    throw new AppError('internal', 'stored credentials could not be decrypted', { cause: error });
  }
}
