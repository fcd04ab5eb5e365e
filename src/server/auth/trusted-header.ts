import type { IncomingHttpHeaders } from 'node:http';
import type { ExternalIdentity } from '../commands/sign-in-with-identity.ts';
import { externalSignInRefusal } from '../commands/sign-in-with-identity.ts';
import type { TrustedHeaderConfig } from './sign-in-config.ts';

/** "::ffff:10.0.0.5" (an IPv4 client on a dual-stack socket) is 10.0.0.5. */
function plainAddress(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/**
 * Is the connection itself from the proxy? The socket's address, never X-Forwarded-For: a client
 * can write that header, not the address it connects from.
 */
export function isTrustedProxy(config: TrustedHeaderConfig, remoteAddress: string): boolean {
  const from = plainAddress(remoteAddress);
  return config.proxies.some((proxy) => plainAddress(proxy) === from);
}

function header(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name.toLowerCase()];
  const text = Array.isArray(value) ? value[0] : value;
  return text?.trim() ? text.trim() : null;
}

/**
 * The person the SAML service provider in front of Jalon authenticated, from the headers it set.
 * Shibboleth and mod_auth_mellon give attributes as UTF-8 bytes, which Node reads as Latin-1:
 * names are decoded back.
 */
export function identityFromHeaders(
  config: TrustedHeaderConfig,
  headers: IncomingHttpHeaders,
): ExternalIdentity {
  const email = header(headers, config.emailHeader)?.split(config.groupsSeparator)[0]?.trim() ?? null;
  if (!email) {
    throw externalSignInRefusal('email_missing', {
      fr: `Le proxy n’a pas transmis l’en-tête ${config.emailHeader} : Jalon ne sait pas qui se connecte. Vérifiez la configuration du fournisseur de services SAML.`,
      en: `The proxy sent no ${config.emailHeader} header: Jalon does not know who is signing in. Check the SAML service provider's configuration.`,
    });
  }
  const rawName = config.nameHeader ? header(headers, config.nameHeader) : null;
  const groups = config.groupsHeader ? header(headers, config.groupsHeader) : null;
  return {
    provider: 'header',
    subject: email.toLowerCase(),
    email,
    // The proxy vouches for who it authenticated.
    emailVerified: true,
    name: rawName ? Buffer.from(rawName, 'latin1').toString('utf8') : null,
    groups: groups
      ? groups
          .split(config.groupsSeparator)
          .map((g) => g.trim())
          .filter(Boolean)
      : [],
  };
}
