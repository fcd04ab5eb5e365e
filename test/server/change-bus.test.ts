import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/connection.ts';
import { latestPlanChangeId } from '../../src/db/repositories/history.ts';
import { announce, announceAccountChange, ChangeBus, type BusMessage } from '../../src/server/change-bus.ts';
import { recordChange } from '../../src/server/commands/record-change.ts';
import { databaseKinds, openTestDatabase } from '../db/test-database.ts';
import { seedPermissionPlan, type SeededPlan } from './test-server.ts';

async function waitFor<T>(pick: () => T | undefined): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const found = pick();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('nothing arrived in 1 s');
}

describe.each(databaseKinds)('the change bus on %s', (kind) => {
  let database: DatabaseHandle;
  let seeded: SeededPlan;
  const bus = new ChangeBus();
  const received: BusMessage[] = [];

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    seeded = await seedPermissionPlan(database);
    await bus.start(database);
    bus.subscribe((message) => received.push(message));
  });
  afterAll(async () => {
    await bus.stop();
    await database?.close();
  });

  it("announces a write when its transaction commits, with the plan's new revision, and never a rolled-back one", async () => {
    received.length = 0;
    await database.db
      .transaction(async (tx) => {
        await recordChange(tx, {
          actor: null,
          planId: seeded.planId,
          action: 'update',
          objectType: 'action',
          objectId: seeded.actions.lln,
        });
        throw new Error('rolled back');
      })
      .catch(() => {});
    let revisionInside = 0;
    await database.db.transaction(async (tx) => {
      await recordChange(tx, {
        actor: null,
        planId: seeded.planId,
        action: 'comment',
        objectType: 'action',
        objectId: seeded.actions.mons,
      });
      const rows = await tx.execute(sql`select revision from plans where id = ${seeded.planId}`);
      revisionInside = Number((rows as unknown as { rows: { revision: number }[] }).rows[0]!.revision);
      // Not before the commit: a listener reading now would not see the write yet.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(received).toEqual([]);
    });
    const message = await waitFor(() => received.find((m) => m.type === 'plan'));
    // The write's audit entry, by which live streams name the change.
    const latestChangeId = await latestPlanChangeId(database.db, seeded.planId);
    expect(message).toEqual({
      type: 'plan',
      planId: seeded.planId,
      revision: revisionInside,
      changeId: latestChangeId,
      object: { type: 'action', id: seeded.actions.mons, action: 'comment' },
      who: null,
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toHaveLength(1);
  });

  it('announces an account change, and ignores what it cannot read', async () => {
    received.length = 0;
    await database.db.execute(sql`select pg_notify('jalon_changes', 'not json')`);
    await database.db.execute(sql`select pg_notify('jalon_changes', '{"type":"from-a-newer-version"}')`);
    await announceAccountChange(database.db, 'account-1');
    expect(await waitFor(() => received[0])).toEqual({ type: 'accounts', accountId: 'account-1' });
    expect(received).toHaveLength(1);
  });

  it('announces presence at once, outside any transaction, with a long name cut short', async () => {
    received.length = 0;
    await announce(database.db, {
      type: 'presence',
      planId: seeded.planId,
      who: { id: 'account-2', name: 'N'.repeat(5_000) },
      objectId: seeded.actions.lln,
      ttlMs: 30_000,
    });
    const message = await waitFor(() => received[0]);
    expect(message).toMatchObject({ type: 'presence', objectId: seeded.actions.lln, ttlMs: 30_000 });
    expect(message.type === 'presence' && message.who.name.length).toBe(200);
  });
});
