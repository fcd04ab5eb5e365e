import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database, DatabaseHandle } from '../db/connection.ts';

/**
 * The channel every server process LISTENs on. A write announces itself there with `pg_notify`
 * inside its own transaction: PostgreSQL (and the embedded PGlite, the same engine) delivers the
 * notification when the transaction commits and drops it when it rolls back, so no process hears
 * of a write that did not happen, nor before it is visible.
 */
export const CHANGE_CHANNEL = 'jalon_changes';

const whoSchema = z.object({ id: z.string(), name: z.string() }).nullable();

/** What goes through the channel: a plan changed, or accounts whose cached sessions are stale. */
export const busMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('plan'),
    planId: z.string(),
    /** The plan's revision after the write (the one `GET /plans/:id` will report). */
    revision: z.number().int(),
    /** The write's audit entry (absent from servers of an earlier version during an upgrade). */
    changeId: z.number().int().optional(),
    object: z.object({ type: z.string(), id: z.string().nullable(), action: z.string() }),
    who: whoSchema,
  }),
  z.object({
    /**
     * Someone says what they are editing in a plan (objectId null: nothing any more). Sent at
     * once, outside any transaction; it holds for `ttlMs` unless renewed.
     */
    type: z.literal('presence'),
    planId: z.string(),
    who: z.object({ id: z.string(), name: z.string() }),
    objectId: z.string().nullable(),
    ttlMs: z.number().int().positive(),
  }),
  z.object({
    type: z.literal('accounts'),
    /** The account whose sessions, roles or standing changed; null for "any account". */
    accountId: z.string().nullable(),
  }),
]);
export type BusMessage = z.infer<typeof busMessageSchema>;
export type PlanChangeMessage = Extract<BusMessage, { type: 'plan' }>;
export type PresenceMessage = Extract<BusMessage, { type: 'presence' }>;

/** PostgreSQL refuses notification payloads of 8000 bytes or more; names are cut well below. */
const MAX_NAME_LENGTH = 200;

/**
 * Announces a message to every server process, this one included. Inside a transaction it goes
 * out at commit; outside one at once.
 */
export async function announce(db: Database, message: BusMessage): Promise<void> {
  const payload =
    (message.type === 'plan' || message.type === 'presence') && message.who
      ? { ...message, who: { ...message.who, name: message.who.name.slice(0, MAX_NAME_LENGTH) } }
      : message;
  await db.execute(sql`select pg_notify(${CHANGE_CHANNEL}, ${JSON.stringify(payload)})`);
}

/**
 * Tells every server process that an account's sessions or roles changed (signed out, role
 * granted or revoked, password changed, suspended, deleted): each drops the sessions it cached
 * for that account, so the change holds everywhere within the notification's delay (well under
 * a second) instead of the cache's 5 s. `null` drops every cached session. Call it after the
 * change committed, or inside its transaction.
 */
export function announceAccountChange(db: Database, accountId: string | null): Promise<void> {
  return announce(db, { type: 'accounts', accountId });
}

export type BusListener = (message: BusMessage) => void;

/**
 * This process's end of the channel: parses what arrives and hands it to the listeners.
 * `onMissed` listeners run after the connection was lost and regained, when announcements may
 * have been missed: they drop whatever they cache.
 */
export class ChangeBus {
  private readonly listeners = new Set<BusListener>();
  private readonly missedListeners = new Set<() => void>();
  private stopListening: (() => Promise<void>) | null = null;

  async start(database: Pick<DatabaseHandle, 'listen'>): Promise<void> {
    this.stopListening = await database.listen(
      CHANGE_CHANNEL,
      (payload) => this.deliver(payload),
      () => {
        for (const listener of this.missedListeners) listener();
      },
    );
  }

  subscribe(listener: BusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onMissed(listener: () => void): () => void {
    this.missedListeners.add(listener);
    return () => this.missedListeners.delete(listener);
  }

  async stop(): Promise<void> {
    const stop = this.stopListening;
    this.stopListening = null;
    await stop?.();
  }

  private deliver(payload: string): void {
    let parsed: BusMessage;
    try {
      const result = busMessageSchema.safeParse(JSON.parse(payload));
      // Another version of Jalon during a rolling upgrade may send what this one does not know.
      if (!result.success) return;
      parsed = result.data;
    } catch {
      return;
    }
    for (const listener of this.listeners) listener(parsed);
  }
}
