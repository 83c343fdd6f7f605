import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { encryptionKeySpec } from '../config/schema.ts';

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

/** The current key encrypts; every configured key (current and old) decrypts, found by the envelope's key id. */
export interface Keyring {
  current: EncryptionKey;
  byId: ReadonlyMap<string, EncryptionKey>;
}

export function parseKeySpec(spec: string): EncryptionKey {
  encryptionKeySpec.parse(spec);
  const separator = spec.indexOf(':');
  const id = spec.slice(0, separator);
  const key = Buffer.from(spec.slice(separator + 1), 'base64');
  if (key.length !== 32) throw new Error(`encryption key ${id} must be 32 bytes (AES-256)`);
  return { id, key };
}

export function buildKeyring(currentSpec: string, oldSpecs: readonly string[]): Keyring {
  const current = parseKeySpec(currentSpec);
  const byId = new Map<string, EncryptionKey>([[current.id, current]]);
  for (const spec of oldSpecs) {
    const key = parseKeySpec(spec);
    if (!byId.has(key.id)) byId.set(key.id, key);
  }
  return { current, byId };
}

/** A fresh key spec `<id>:<base64>`, with a date-based id so rotations sort. */
export function generateKeySpec(now: Date = new Date()): string {
  const id = `k${now.toISOString().slice(0, 10).replaceAll('-', '')}${randomBytes(2).toString('hex')}`;
  return `${id}:${randomBytes(32).toString('base64')}`;
}

/**
 * In development with no DS_ENCRYPTION_KEY, a key is generated once and kept (mode 0600) under the data
 * directory, so credentials stored on the embedded database stay readable across restarts.
 */
export async function loadOrCreateDevKey(dataDir: string): Promise<string> {
  const file = path.join(dataDir, 'encryption.key');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const spec = generateKeySpec();
  await writeFile(file, `${spec}\n`, { mode: 0o600, flag: 'wx' }).catch(
    async (error: NodeJS.ErrnoException) => {
      // Another process created it first: use theirs.
      if (error.code !== 'EEXIST') throw error;
    },
  );
  await chmod(file, 0o600);
  return (await readFile(file, 'utf8')).trim();
}
