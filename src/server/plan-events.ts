import type { ServerResponse } from 'node:http';
import type { PlanChangeEvent, PlanEditor, PlanPresenceEvent } from '../core/api/plan-events.ts';
import type { Language } from '../core/errors.ts';
import { findUsersByIds } from '../db/repositories/accounts.ts';
import { latestPlanChangeId, listPlanChangesAfter } from '../db/repositories/history.ts';
import { announce, type BusMessage, type PresenceMessage } from './change-bus.ts';
import type { ServerContext } from './context.ts';
import { seesNoInternal, type Viewer } from './policies/field-visibility.ts';
import {
  changeFeedExcludedActions,
  changeFeedObjectTypes,
  planNodeLabels,
  presentPlanChange,
} from './presenters/plan-change.ts';

/** A comment line this often keeps proxies and browsers from closing a quiet stream. */
export const HEARTBEAT_MS = 20_000;
/** A presence not said again within this time is over. */
export const PRESENCE_TTL_MS = 30_000;
/** A stream resuming after more missed changes than this is told to read everything again. */
const REPLAY_LIMIT = 500;

/** One open stream: a browser tab showing the plan. */
export interface PlanStream {
  planId: string;
  viewer: Viewer;
  lang: Language;
  response: ServerResponse;
  /** The last change id written to this stream (what its Last-Event-ID will say). */
  lastSentId: number;
}

interface PlanChannel {
  streams: Set<PlanStream>;
  /** The last change id read for the plan's streams on this server. */
  cursor: number;
  /** Opening streams and reading changes run one after the other: no change is sent twice or skipped. */
  queue: Promise<void>;
}

interface Presence {
  editor: PlanEditor;
  timer: NodeJS.Timeout;
}

type ChangeRow = Awaited<ReturnType<typeof listPlanChangesAfter>>[number];

function writeEvent(stream: PlanStream, event: string, data: unknown, id?: number): void {
  stream.response.write(
    `${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`,
  );
}

/**
 * This server's live streams of plans. Every write anywhere is announced on the change bus; the
 * plan's channel then reads the audit entries after its cursor (one query per write and server,
 * whatever the number of streams) and writes each stream the changes it may see, in the words
 * of the changes feed. A stream that comes back with Last-Event-ID is first sent the entries
 * after that id from the audit log. Presence goes through the bus too, without a transaction.
 */
export class PlanEventHub {
  private readonly channels = new Map<string, PlanChannel>();
  private readonly presence = new Map<string, Map<string, Presence>>();
  private heartbeat: NodeJS.Timeout | null = null;
  private unsubscribe: Array<() => void> = [];

  constructor(private readonly ctx: Pick<ServerContext, 'db' | 'plans' | 'bus'>) {}

  start(): void {
    this.unsubscribe.push(
      this.ctx.bus.subscribe((message) => this.onMessage(message)),
      // Announcements may have been lost while the listener reconnected: read what came since.
      this.ctx.bus.onMissed(() => {
        for (const planId of this.channels.keys()) this.pull(planId);
      }),
    );
    this.heartbeat = setInterval(() => {
      for (const channel of this.channels.values()) {
        for (const stream of channel.streams) stream.response.write(': ping\n\n');
      }
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /** Open streams on this server, all plans together. */
  get streamCount(): number {
    let n = 0;
    for (const channel of this.channels.values()) n += channel.streams.size;
    return n;
  }

  /**
   * Adds a stream: replays what it missed after `lastEventId` (none when null: it starts now),
   * sends who is editing what, then sends changes as they come.
   */
  open(stream: Omit<PlanStream, 'lastSentId'>, lastEventId: number | null): Promise<void> {
    const { planId } = stream;
    let channel = this.channels.get(planId);
    if (!channel) {
      const created: PlanChannel = { streams: new Set(), cursor: 0, queue: Promise.resolve() };
      created.queue = latestPlanChangeId(this.ctx.db, planId).then((id) => {
        created.cursor = id;
      });
      this.channels.set(planId, created);
      channel = created;
    }
    const joined = channel;
    const open: PlanStream = { ...stream, lastSentId: 0 };
    stream.response.on('close', () => this.remove(open));
    return this.enqueue(joined, async () => {
      open.lastSentId = lastEventId ?? joined.cursor;
      if (open.lastSentId < joined.cursor) {
        const missed = await this.readAfter(planId, open.lastSentId, joined.cursor);
        if (missed.length >= REPLAY_LIMIT) {
          writeEvent(open, 'resync', {}, joined.cursor);
          open.lastSentId = joined.cursor;
        } else {
          await this.send(planId, [open], missed);
        }
      }
      // The replay is written: the stream now takes its share of what comes.
      open.lastSentId = Math.max(open.lastSentId, joined.cursor);
      if (!open.response.destroyed) joined.streams.add(open);
      writeEvent(open, 'presence', this.presenceOf(planId));
    });
  }

  /** Says, on every server, that `who` is editing `objectId` in the plan (null: nothing now). */
  async announcePresence(
    planId: string,
    who: { id: string; name: string },
    objectId: string | null,
  ): Promise<void> {
    await announce(this.ctx.db, { type: 'presence', planId, who, objectId, ttlMs: PRESENCE_TTL_MS });
  }

  /** Ends every stream (the server is closing): browsers reconnect to another instance. */
  closeAll(): void {
    for (const stop of this.unsubscribe) stop();
    this.unsubscribe = [];
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const channel of this.channels.values()) {
      for (const stream of channel.streams) stream.response.end();
    }
    this.channels.clear();
    for (const editors of this.presence.values()) {
      for (const entry of editors.values()) clearTimeout(entry.timer);
    }
    this.presence.clear();
  }

  private remove(stream: PlanStream): void {
    const channel = this.channels.get(stream.planId);
    if (!channel) return;
    channel.streams.delete(stream);
    if (channel.streams.size === 0) {
      // Forget the channel only once nothing is queued on it (a stream may be opening).
      void channel.queue.then(() => {
        if (channel.streams.size === 0 && this.channels.get(stream.planId) === channel) {
          this.channels.delete(stream.planId);
        }
      });
    }
  }

  private enqueue(channel: PlanChannel, task: () => Promise<void>): Promise<void> {
    const run = channel.queue.then(task);
    // One failed read (the database away for a moment) must not stop the ones after it.
    channel.queue = run.catch(() => undefined);
    return run;
  }

  private onMessage(message: BusMessage): void {
    if (message.type === 'accounts') {
      this.closeStreamsOf(message.accountId);
    } else if (message.type === 'presence') {
      this.notePresence(message);
    } else if (this.channels.has(message.planId)) {
      if (message.object.type === 'plan' && message.object.action === 'delete') {
        this.endPlan(message.planId);
      } else {
        this.pull(message.planId);
      }
    }
  }

  /** Reads the changes after the channel's cursor and writes them to its streams. */
  private pull(planId: string): void {
    const channel = this.channels.get(planId);
    if (!channel) return;
    void this.enqueue(channel, async () => {
      const rows = await this.readAfter(planId, channel.cursor, null);
      if (rows.length === 0) return;
      channel.cursor = rows.at(-1)!.id;
      if (rows.length >= REPLAY_LIMIT) {
        for (const stream of channel.streams) {
          writeEvent(stream, 'resync', {}, channel.cursor);
          stream.lastSentId = channel.cursor;
        }
        return;
      }
      await this.send(planId, [...channel.streams], rows);
    });
  }

  private readAfter(planId: string, after: number, upTo: number | null): Promise<ChangeRow[]> {
    return listPlanChangesAfter(this.ctx.db, planId, {
      after,
      limit: REPLAY_LIMIT,
      objectTypes: changeFeedObjectTypes,
      excludeActions: changeFeedExcludedActions,
    }).then((rows) => (upTo === null ? rows : rows.filter((row) => row.id <= upTo)));
  }

  /** Presents the entries once per language and writes each stream those it may see. */
  private async send(planId: string, streams: PlanStream[], rows: ChangeRow[]): Promise<void> {
    if (rows.length === 0 || streams.length === 0) return;
    const cached = await this.ctx.plans.get(this.ctx.db, planId);
    const labels = cached ? planNodeLabels(planId, cached.loaded.plan) : new Map<string, string>();
    const userIds = [...new Set(rows.map((r) => r.userId).filter((id): id is string => !!id))];
    const names = new Map((await findUsersByIds(this.ctx.db, userIds)).map((u) => [u.id, u.name]));
    const byLanguage = new Map<Language, PlanChangeEvent[]>();
    const eventsIn = (lang: Language) => {
      let events = byLanguage.get(lang);
      if (!events) {
        events = rows.map((row) => ({
          change: presentPlanChange(names, labels, row, lang),
          planRevision: cached?.revision ?? null,
        }));
        byLanguage.set(lang, events);
      }
      return events;
    };
    for (const stream of streams) {
      const hidesInternal = seesNoInternal(stream.viewer);
      for (const event of eventsIn(stream.lang)) {
        const id = Number(event.change.id);
        if (id <= stream.lastSentId) continue;
        stream.lastSentId = id;
        // An edit of internal fields only (notes) is nothing a reader may hear of.
        if (hidesInternal && event.change.action === 'update' && event.change.fields.length === 0) continue;
        writeEvent(stream, 'change', event, id);
      }
    }
  }

  private endPlan(planId: string): void {
    const channel = this.channels.get(planId);
    if (!channel) return;
    this.channels.delete(planId);
    for (const stream of channel.streams) {
      writeEvent(stream, 'deleted', {});
      stream.response.end();
    }
  }

  /**
   * An account's sessions or roles changed: its streams end, and the browser's automatic
   * reconnection is authorized again (or refused). Null: every stream.
   */
  private closeStreamsOf(accountId: string | null): void {
    for (const channel of this.channels.values()) {
      for (const stream of channel.streams) {
        if (accountId === null || stream.viewer.actor?.user.id === accountId) stream.response.end();
      }
    }
  }

  private presenceOf(planId: string): PlanPresenceEvent {
    return { editors: [...(this.presence.get(planId)?.values() ?? [])].map((p) => p.editor) };
  }

  private notePresence(message: PresenceMessage): void {
    let editors = this.presence.get(message.planId);
    if (!editors) {
      editors = new Map();
      this.presence.set(message.planId, editors);
    }
    const known = editors.get(message.who.id);
    if (known) clearTimeout(known.timer);
    if (message.objectId === null) {
      editors.delete(message.who.id);
    } else {
      // Expiry is counted from when this server heard it: the servers' clocks need not agree.
      const timer = setTimeout(() => {
        editors.delete(message.who.id);
        this.broadcastPresence(message.planId);
      }, message.ttlMs);
      timer.unref();
      editors.set(message.who.id, { editor: { user: message.who, objectId: message.objectId }, timer });
    }
    if (editors.size === 0) this.presence.delete(message.planId);
    // A renewal of what was already known changes nothing on the page.
    if (known?.editor.objectId !== message.objectId) this.broadcastPresence(message.planId);
  }

  private broadcastPresence(planId: string): void {
    const channel = this.channels.get(planId);
    if (!channel) return;
    const event = this.presenceOf(planId);
    for (const stream of channel.streams) writeEvent(stream, 'presence', event);
  }
}
