import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { installErrorHandler } from './error-handler.ts';

describe('error handler', () => {
  it('answers a PostgreSQL deadlock or serialization failure with a 409 to retry, anything unknown with a bare 500', async () => {
    const app = Fastify();
    installErrorHandler(app);
    // drizzle wraps the driver's error: the SQLSTATE is on its cause.
    app.get('/deadlock', async () => {
      throw new Error('Failed query', {
        cause: Object.assign(new Error('deadlock detected'), { code: '40P01' }),
      });
    });
    app.get('/unique', async () => {
      throw Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' });
    });
    const deadlock = await app.inject('/deadlock');
    expect(deadlock.statusCode).toBe(409);
    expect(deadlock.json().error).toMatchObject({ code: 'CONFLICT', field: null });
    const unique = await app.inject('/unique');
    expect(unique.statusCode).toBe(500);
    expect(unique.json()).toEqual({
      error: { code: 'INTERNAL', message: 'Erreur interne du serveur.', field: null },
    });
    await app.close();
  });
});
