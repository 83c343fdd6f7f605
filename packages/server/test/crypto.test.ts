import { describe, expect, it } from 'vitest';
import { buildKeyring, generateKeySpec } from '../src/crypto/keyring.ts';
import { decryptSecret, encryptSecret, envelopeKeyId } from '../src/crypto/secret-box.ts';

describe('credential encryption (AES-256-GCM with key ids)', () => {
  const oldSpec = generateKeySpec();
  const newSpec = generateKeySpec();

  it('round-trips and never stores the plaintext', () => {
    const keyring = buildKeyring(newSpec, []);
    const envelope = encryptSecret(keyring, 's3cr3t-token', 'ctx');
    expect(envelope).not.toContain('s3cr3t');
    expect(envelopeKeyId(envelope)).toBe(keyring.current.id);
    expect(decryptSecret(keyring, envelope, 'ctx')).toBe('s3cr3t-token');
    expect(encryptSecret(keyring, 's3cr3t-token', 'ctx')).not.toBe(envelope);
  });

  it('decrypts with an old key and encrypts with the current one after a rotation', () => {
    const before = buildKeyring(oldSpec, []);
    const envelope = encryptSecret(before, 'value', 'ctx');
    const after = buildKeyring(newSpec, [oldSpec]);
    expect(decryptSecret(after, envelope, 'ctx')).toBe('value');
    expect(envelopeKeyId(encryptSecret(after, 'value', 'ctx'))).toBe(after.current.id);
  });

  it('fails without detail on a wrong context, a tampered envelope, or a missing key', () => {
    const keyring = buildKeyring(newSpec, []);
    const envelope = encryptSecret(keyring, 'value', 'tenant-a');
    const parts = envelope.split('.');
    const tampered = [...parts.slice(0, 4), Buffer.from('other').toString('base64url')].join('.');
    const failures = [
      () => decryptSecret(keyring, envelope, 'tenant-b'),
      () => decryptSecret(keyring, tampered, 'tenant-a'),
      () => decryptSecret(buildKeyring(oldSpec, []), envelope, 'tenant-a'),
      () => decryptSecret(keyring, 'not-an-envelope', 'tenant-a'),
    ];
    for (const fail of failures) {
      expect(fail).toThrow(/stored credentials/);
      try {
        fail();
      } catch (error) {
        expect(JSON.stringify(error)).not.toContain('value');
        expect((error as Error).message).not.toContain(envelope);
      }
    }
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => buildKeyring(`k1:${Buffer.alloc(16).toString('base64')}AAAAAAAAAAAAAAAAAAAA`, [])).toThrow(
      /32 bytes/,
    );
  });
});
