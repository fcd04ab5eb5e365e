import { createHash, randomBytes } from 'node:crypto';

/** A random secret for a cookie, a CSRF check or an API token. */
export function generateSecret(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

/** Only hashes of secrets are stored: a leaked table grants nothing. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
