import { LogController, type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { randomUUID } from 'node:crypto';
import { JalonError } from '../core/errors.ts';

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

/**
 * `jalon serve`'s logger from JALON_LOG: a pino level, or "off". Unset, it logs at "info" when
 * stdout is not a terminal (a service manager, a container: the lines go to a log collector)
 * and not at all in a terminal, where the start banner on stderr is what one reads. Lines are
 * JSON, one per line, whatever the destination.
 */
export function loggerFromEnv(
  value: string | undefined,
  stdoutIsTerminal: boolean,
): FastifyServerOptions['logger'] {
  const level = value?.trim().toLowerCase() || (stdoutIsTerminal ? 'off' : 'info');
  if (level === 'off' || level === 'silent') return false;
  if (!(LEVELS as readonly string[]).includes(level)) {
    throw new JalonError('BAD_INPUT', {
      fr: `JALON_LOG=${value} : attendu off, ${LEVELS.join(', ')}.`,
      en: `JALON_LOG=${value}: expected off, ${LEVELS.join(', ')}.`,
    });
  }
  return {
    level,
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: redactUrl(request.url),
        host: request.host,
        remoteAddress: request.ip,
      }),
    },
  };
}

/**
 * A URL as it may be written to a log: a calendar feed's address is its secret, and a sign-in
 * callback's `code` and `state` are credentials for a moment.
 */
export function redactUrl(url: string): string {
  const [pathname = '', query] = url.split('?', 2);
  const safePath = pathname.replace(/\/calendar\/[^/]+\.ics$/, '/calendar/[redacted].ics');
  if (query === undefined) return safePath;
  const safeQuery = query.replace(
    /(^|&)(code|state|token|access_token|id_token|ticket)=[^&]*/gi,
    (_match, start: string, name: string) => `${start}${name}=[redacted]`,
  );
  return `${safePath}?${safeQuery}`;
}

/** An id a proxy or a client chose, kept if it is short and plain (it goes into logs and headers). */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** The request's id: the incoming `X-Request-Id` when it is sane, else a new UUID. */
export function requestIdFor(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}

/** Fastify options that give each request its id, on every log line of it as `requestId`. */
export const requestIdOptions = {
  genReqId: requestIdFor,
  requestIdHeader: false,
  logController: new LogController({ requestIdLogLabel: 'requestId' }),
} satisfies Partial<FastifyServerOptions>;

/** Sends the id back, so that a user or a proxy can quote it and the logs be searched for it. */
export function echoRequestIds(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
}
