import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `shared/specs`, the read-only vendor descriptions beside the repository (found from this file upwards). */
export function specsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 10; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'packages')))
      return resolve(dir, '..', 'shared', 'specs');
    dir = dirname(dir);
  }
  throw new Error('repository root not found above test/contract');
}
