import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { JalonError } from '../core/errors.ts';
import { ImportQueue, scopeImportTurnsToRequests, type ImportQueueEvent } from './import-queue.ts';

/** A task that ends when the test says so. */
function gate(): { task: () => Promise<string>; open: (value: string) => void } {
  let open!: (value: string) => void;
  const done = new Promise<string>((resolve) => (open = resolve));
  return { task: () => done, open };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the import queue', () => {
  it('runs one import at a time in the order they came, and says where each owner’s first waiting one stands', async () => {
    const queue = new ImportQueue(1, Number.POSITIVE_INFINITY);
    const events: ImportQueueEvent[] = [];
    queue.observe((event) => events.push(event));
    const gates = [gate(), gate(), gate(), gate()];
    const owners = ['anne', 'bob', 'anne', 'carla'];
    const results = gates.map((g, i) => queue.run(owners[i]!, 1000, g.task));
    await tick();
    expect(queue.status('anne')).toEqual({ running: 1, waiting: 3, position: 2 });
    expect(queue.status('bob')).toEqual({ running: 1, waiting: 3, position: 1 });
    expect(queue.status('carla')).toEqual({ running: 1, waiting: 3, position: 3 });
    expect(queue.status('nobody').position).toBeNull();
    expect(queue.status(null).position).toBeNull();

    // Ending them out of order changes nothing: the second starts only when the first ends.
    gates[2]!.open('third');
    gates[1]!.open('second');
    await tick();
    expect(queue.status('bob')).toEqual({ running: 1, waiting: 3, position: 1 });
    gates[0]!.open('first');
    gates[3]!.open('fourth');
    expect(await Promise.all(results)).toEqual(['first', 'second', 'third', 'fourth']);
    expect(queue.status('anne')).toEqual({ running: 0, waiting: 0, position: null });
    expect(events.map((e) => `${e.kind} ${e.owner}`)).toEqual([
      'start anne',
      'end anne',
      'start bob',
      'end bob',
      'start anne',
      'end anne',
      'start carla',
      'end carla',
    ]);
  });

  it('lets the next import run after one that failed', async () => {
    const queue = new ImportQueue(1, Number.POSITIVE_INFINITY);
    const failing = queue.run('anne', 10, () => Promise.reject(new Error('unreadable')));
    const next = queue.run('bob', 10, async () => 'read');
    await expect(failing).rejects.toThrow('unreadable');
    expect(await next).toBe('read');
  });

  it('runs as many at once as its concurrency', async () => {
    const queue = new ImportQueue(2, Number.POSITIVE_INFINITY);
    const gates = [gate(), gate(), gate()];
    const results = gates.map((g) => queue.run('anne', 1, g.task));
    await tick();
    expect(queue.status('anne')).toEqual({ running: 2, waiting: 1, position: 1 });
    for (const g of gates) g.open('ok');
    await Promise.all(results);
  });

  it('refuses (429) an import whose file would take the bytes waiting over the limit, once one waits', async () => {
    const queue = new ImportQueue(1, 100);
    const first = gate();
    const running = queue.run('anne', 500, first.task);
    const waiting = queue.run('bob', 80, async () => 'waited');
    await tick();
    const refused = await queue.run('carla', 30, async () => 'never').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(JalonError);
    expect((refused as JalonError).code).toBe('RATE_LIMITED');
    expect((refused as JalonError).texts.fr).toMatch(/imports volumineux en attente/);
    first.open('done');
    expect(await running).toBe('done');
    expect(await waiting).toBe('waited');
    // Once the bytes waiting went down, a new import is taken again.
    expect(await queue.run('carla', 30, async () => 'taken')).toBe('taken');
  });

  it('keeps a request’s turn until its answer has gone, its later imports running in it', async () => {
    const queue = new ImportQueue(1, Number.POSITIVE_INFINITY, true);
    const app = Fastify();
    scopeImportTurnsToRequests(app);
    const log: string[] = [];
    queue.observe((event) => log.push(`${event.kind} ${event.owner}`));
    app.get<{ Params: { who: string } }>('/:who', async (request) => {
      const { who } = request.params;
      await queue.run(who, 1, async () => log.push(`read ${who}`));
      // The same file read again (a remembered mapping): no second turn, no waiting for oneself.
      await queue.run(who, 1, async () => log.push(`read again ${who}`));
      log.push(`answer ${who}`);
      return { who };
    });
    const answers = await Promise.all([app.inject('/anne'), app.inject('/bob')]);
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200]);
    expect(log).toEqual([
      'start anne',
      'read anne',
      'read again anne',
      'answer anne',
      'end anne',
      'start bob',
      'read bob',
      'read again bob',
      'answer bob',
      'end bob',
    ]);
    // Outside a request, a turn ends with its task.
    await queue.run('carla', 1, async () => log.push('read carla'));
    expect(log.slice(-3)).toEqual(['start carla', 'read carla', 'end carla']);
    await app.close();
  });
});
