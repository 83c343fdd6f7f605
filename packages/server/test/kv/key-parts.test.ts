import { describe, expect, it } from 'vitest';
import { keyPart } from '../../src/kv/key-parts.ts';

describe('keyPart', () => {
  it('escapes the separator, the escape character and the hash marker, and nothing else', () => {
    expect(['tenant-1', 'a:b', '50%', '#1', 'PROJ 1/é'].map(keyPart)).toEqual([
      'tenant-1',
      'a%3Ab',
      '50%25',
      '%231',
      'PROJ 1/é',
    ]);
  });

  it('hashes long parts into a fixed-length part that no escaped part can equal', () => {
    const long = keyPart('x'.repeat(129));
    expect(long).toMatch(/^#[A-Za-z0-9_-]{43}$/);
    expect(keyPart('x'.repeat(128))).toBe('x'.repeat(128));
    expect(keyPart('x'.repeat(130))).not.toBe(long);
  });
});
