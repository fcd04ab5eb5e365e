import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { installErrorHandler } from './error-handler.ts';

describe('error handler', () => {
  it('answers a PostgreSQL deadlock with a 409 to retry, a refused value with a 400, anything unknown with a bare 500', async () => {
    const app = Fastify();
    installErrorHandler(app);
    // drizzle wraps the driver's error: the SQLSTATE is on its cause.
    app.get('/deadlock', async () => {
      throw new Error('Failed query', {
        cause: Object.assign(new Error('deadlock detected'), { code: '40P01' }),
      });
    });
    app.get('/date', async () => {
      throw new Error('Failed query', {
        cause: Object.assign(new Error('date/time field value out of range: "2026-02-30"'), {
          code: '22008',
        }),
      });
    });
    app.get('/unique', async () => {
      throw Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505' });
    });
    const deadlock = await app.inject('/deadlock');
    expect(deadlock.statusCode).toBe(409);
    expect(deadlock.json().error).toMatchObject({ code: 'CONFLICT', field: null });
    const date = await app.inject('/date');
    expect(date.statusCode).toBe(400);
    expect(date.json().error).toMatchObject({ code: 'BAD_INPUT', field: null });
    expect(date.json().error.message).not.toContain('2026-02-30');
    const unique = await app.inject('/unique');
    expect(unique.statusCode).toBe(500);
    expect(unique.json()).toEqual({
      error: { code: 'INTERNAL', message: 'Erreur interne du serveur.', field: null },
    });
    await app.close();
  });
});
