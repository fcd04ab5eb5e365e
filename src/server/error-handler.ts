import type { FastifyError, FastifyInstance } from 'fastify';
import { errorCodes, JalonError, type ErrorCode, type Language, type LocalizedText } from '../core/errors.ts';
import { requestLanguage } from './request-language.ts';

interface ErrorBody {
  error: { code: ErrorCode; message: string; field: string | null };
  current?: unknown;
}

/** Fastify's own errors (body too large, bad JSON, rate limit…) mapped to our codes. */
function fromFastifyError(error: FastifyError, lang: Language): { status: number; body: ErrorBody } | null {
  const status = error.statusCode ?? 500;
  if (status >= 500) return null;
  const code: ErrorCode =
    status === 413
      ? 'FILE_TOO_LARGE'
      : status === 429
        ? 'RATE_LIMITED'
        : status === 415
          ? 'UNSUPPORTED_FORMAT'
          : status === 404
            ? 'NOT_FOUND'
            : status === 401
              ? 'UNAUTHENTICATED'
              : status === 403
                ? 'FORBIDDEN'
                : 'BAD_INPUT';
  const texts: LocalizedText =
    status === 413
      ? { fr: 'Requête trop volumineuse.', en: 'Request too large.' }
      : status === 429
        ? {
            fr: 'Trop de tentatives : réessayez dans une minute.',
            en: 'Too many attempts: try again in a minute.',
          }
        : status === 404
          ? { fr: 'Adresse inconnue.', en: 'No such address.' }
          : status === 415
            ? { fr: 'Type de contenu non accepté.', en: 'Content type not accepted.' }
            : {
                fr: 'Requête mal formée (corps JSON illisible ?).',
                en: 'Malformed request (unreadable JSON body?).',
              };
  const message = texts[lang];
  return { status, body: { error: { code, message, field: null } } };
}

/** PostgreSQL's deadlock and serialization failures: two writes crossed, the one aborted may simply retry. */
const retryableSqlStates = new Set(['40P01', '40001']);

/**
 * The database cannot be reached: refused or lost connections, a connection not obtained in time,
 * PostgreSQL shutting down or starting (classes 08 and 57P). The request did not happen; the pool
 * reconnects by itself, so the same request succeeds once the database is back.
 */
function isDatabaseUnreachable(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND'].includes(code))
        return true;
      if (code.startsWith('08') || /^57P0[1-3]$/.test(code)) return true;
    }
    const message = (e as { message?: unknown }).message;
    if (
      typeof message === 'string' &&
      /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/.test(
        message,
      )
    ) {
      return true;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

function sqlState(error: unknown): string | null {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 3; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * Every error leaves as `{error: {code, message, field}}`; a 409 adds `current`. Unknown errors
 * are logged with their stack and answered with a bare 500: no stack trace reaches a client.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request, reply) => {
    const lang = requestLanguage(request);
    if (error instanceof JalonError) {
      const body: ErrorBody = {
        error: { code: error.code, message: error.messageIn(lang), field: error.location?.field ?? null },
      };
      const current = (error.details as { current?: unknown } | undefined)?.current;
      if (current !== undefined) body.current = current;
      return reply.status(errorCodes[error.code]).send(body);
    }
    if (retryableSqlStates.has(sqlState(error) ?? '')) {
      return reply.status(409).send({
        error: {
          code: 'CONFLICT',
          message: {
            fr: 'Une autre modification est passée au même moment : réessayez.',
            en: 'Another change went through at the same moment: try again.',
          }[lang],
          field: null,
        },
      } satisfies ErrorBody);
    }
    // Class 22, "data exception": a value the schemas let through but PostgreSQL refuses (the
    // 30th of February in a date column, a NUL character in a text). The input is at fault.
    if (sqlState(error)?.startsWith('22')) {
      request.log.warn({ err: error }, 'value refused by the database');
      return reply.status(400).send({
        error: {
          code: 'BAD_INPUT',
          message: {
            fr: 'Valeur refusée par la base de données (une date impossible comme le 30 février, un caractère interdit…) : corrigez-la et réessayez.',
            en: 'Value refused by the database (an impossible date such as 30 February, a forbidden character…): correct it and try again.',
          }[lang],
          field: null,
        },
      } satisfies ErrorBody);
    }
    if (isDatabaseUnreachable(error)) {
      request.log.warn({ err: error }, 'database unreachable');
      return reply
        .status(503)
        .header('retry-after', '5')
        .send({
          error: {
            code: 'DATABASE_UNAVAILABLE',
            message: {
              fr: 'La base de données est injoignable pour le moment : rien n’a été enregistré, réessayez dans quelques secondes.',
              en: 'The database cannot be reached right now: nothing was saved, try again in a few seconds.',
            }[lang],
            field: null,
          },
        } satisfies ErrorBody);
    }
    const mapped = fromFastifyError(error as FastifyError, lang);
    if (mapped) return reply.status(mapped.status).send(mapped.body);
    request.log.error({ err: error }, 'unexpected error');
    return reply.status(500).send({
      error: {
        code: 'INTERNAL',
        message: { fr: 'Erreur interne du serveur.', en: 'Internal server error.' }[lang],
        field: null,
      },
    } satisfies ErrorBody);
  });
}
