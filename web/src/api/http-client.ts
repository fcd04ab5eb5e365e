import type { z } from 'zod';
import { ApiError, codeForStatus, isErrorCode } from './api-error.ts';

/** The CSRF token the server handed out at sign-in or in /auth/me; sent with every write. */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

/**
 * Calls the API and validates the answer with the shared zod schema, so that a server and a
 * client that drift apart fail loudly at the boundary instead of deep inside a view.
 */
export async function requestJson<S extends z.ZodType>(
  path: string,
  schema: S,
  options: RequestOptions = {},
): Promise<z.infer<S>> {
  const response = await send(path, options);
  const payload: unknown = response.status === 204 ? {} : await response.json();
  const parsed = schema.safeParse(payload);
  if (!parsed.success) {
    throw new ApiError('INTERNAL', `Réponse inattendue du serveur pour ${path}: ${parsed.error.message}`, {
      status: response.status,
    });
  }
  return parsed.data;
}

/** Sends a request and turns every non-2xx answer into an ApiError. */
export async function send(path: string, options: RequestOptions = {}): Promise<Response> {
  const method = options.method ?? 'GET';
  // The server answers in the page's language (set by the i18n provider on <html lang>).
  const lang = globalThis.document?.documentElement.lang === 'en' ? 'en' : 'fr';
  const headers: Record<string, string> = { accept: 'application/json', 'accept-language': lang };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) {
    body = options.body;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    throw new ApiError('INTERNAL', 'Le serveur ne répond pas. Vérifiez la connexion puis réessayez.', {
      status: 0,
      cause,
    });
  }
  if (!response.ok) throw await readError(response);
  return response;
}

async function readError(response: Response): Promise<ApiError> {
  let payload: unknown = null;
  try {
    payload = await response.json();
  } catch {
    // A proxy or a crash may answer with HTML; the status code is then all we know.
  }
  const error = (payload as { error?: { code?: unknown; message?: unknown; field?: unknown } } | null)?.error;
  const code = isErrorCode(error?.code) ? error.code : codeForStatus(response.status);
  const message = typeof error?.message === 'string' ? error.message : response.statusText;
  return new ApiError(code, message, {
    status: response.status,
    field: typeof error?.field === 'string' ? error.field : null,
    current: (payload as { current?: unknown } | null)?.current,
  });
}
