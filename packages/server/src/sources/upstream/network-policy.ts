import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { AppError } from '../../errors/app-error.ts';

/**
 * Where an instance's base URL may point. Link-local addresses (169.254.0.0/16, fe80::/10, which include
 * the cloud metadata endpoints) are refused unless the instance explicitly allows them (a self-hosted
 * server on such a network); loopback and private ranges are normal for self-hosted Jira and are allowed.
 */
export interface NetworkPolicy {
  allowLinkLocal: boolean;
}

const METADATA_HOSTS = new Set([
  'metadata.google.internal',
  'metadata',
  'instance-data',
  'metadata.azure.internal',
]);

export function isLinkLocal(address: string): boolean {
  if (isIP(address) === 4) return address.startsWith('169.254.');
  const lower = address.toLowerCase();
  if (lower.startsWith('::ffff:')) return isLinkLocal(lower.slice(7));
  return /^fe[89ab][0-9a-f]:/.test(lower) || lower === 'fd00:ec2::254';
}

/** Validates a base URL for an instance: http(s), no credentials or fragments in it, not link-local. */
export function parseBaseUrl(raw: string, policy: NetworkPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('validation_error', 'base_url: not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('validation_error', 'base_url: must use http or https');
  }
  if (url.username !== '' || url.password !== '') {
    throw new AppError(
      'validation_error',
      'base_url: must not contain credentials; use the credentials field',
    );
  }
  if (url.hash !== '' || url.search !== '') {
    throw new AppError('validation_error', 'base_url: must not contain a query or fragment');
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!policy.allowLinkLocal && (METADATA_HOSTS.has(host.toLowerCase()) || isLinkLocal(host))) {
    throw new AppError('validation_error', 'base_url: link-local and metadata addresses are refused', {
      details: { hint: 'set allow_link_local for a self-hosted server on such a network' },
    });
  }
  return url;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A DNS lookup for the HTTP agent that refuses names resolving to link-local addresses, so a hostname
 * cannot smuggle the metadata endpoint past parseBaseUrl (DNS rebinding included: it runs per connection).
 */
export function guardedLookup(policy: NetworkPolicy) {
  return (hostname: string, options: object, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const list = addresses;
      if (!policy.allowLinkLocal && list.some((a) => isLinkLocal(a.address))) {
        const refused: NodeJS.ErrnoException = new Error(`${hostname} resolves to a link-local address`);
        refused.code = 'EADDRNOTAVAIL';
        return callback(refused, []);
      }
      if ((options as { all?: boolean }).all === true) return callback(null, list);
      const first = list[0];
      if (first === undefined)
        return callback(Object.assign(new Error('no address'), { code: 'ENOTFOUND' }), []);
      return callback(null, first.address, first.family);
    });
  };
}
