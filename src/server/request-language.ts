import type { FastifyRequest } from 'fastify';
import type { Language } from '../core/errors.ts';

/**
 * The language a request is answered in: the first of French and English its Accept-Language
 * header prefers (the web app sends its own language), French when it names neither.
 */
export function requestLanguage(request: Pick<FastifyRequest, 'headers'>): Language {
  const header = request.headers['accept-language'];
  if (typeof header !== 'string' || !header) return 'fr';
  const ranked = header
    .split(',')
    .map((part, position) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.trim().toLowerCase().split('-')[0], q: q ? Number(q) : 1, position };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.position - b.position);
  const first = ranked.find((entry) => entry.lang === 'fr' || entry.lang === 'en');
  return first?.lang === 'en' ? 'en' : 'fr';
}
