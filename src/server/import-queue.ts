import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ImportQueueResponse } from '../core/api/imports.ts';
import { JalonError } from '../core/errors.ts';
import { importMemoryFromEnv } from '../import/import-size-limit.ts';

/** One import the queue has let run or keeps waiting: whose, and how many bytes its file holds meanwhile. */
interface QueuedImport {
  owner: string | null;
  bytes: number;
}

export type ImportQueueEvent = { kind: 'start' | 'end'; owner: string | null; at: number };

/**
 * The turn an HTTP request holds in a queue that keeps turns for the request: taken by its
 * first import there, given back when the answer has gone (or the client left).
 */
interface RequestTurn {
  releases: Array<() => void>;
  held: Set<ImportQueue>;
  ended: boolean;
}

const requestTurns = new AsyncLocalStorage<RequestTurn>();
const turnsByRequest = new WeakMap<FastifyRequest, RequestTurn>();

/** The longest a request keeps a turn after its import was read, should its answer never go. */
const maxTurnHoldMs = 120_000;

/**
 * Large imports of this server process, `concurrency` at a time (one by default) in the order
 * they came, so that their memory never adds up; small ones do not come here and run at once.
 * While an import waits its file stays in memory, so the queue also bounds the bytes waiting:
 * beyond `maxWaitingBytes` a new import is refused (429) until others are done, instead of
 * holding more. One queue per process, not per app: the memory it guards is the process's.
 */
export class ImportQueue {
  private readonly running = new Set<QueuedImport>();
  private readonly waiting: Array<{ entry: QueuedImport; start: () => void }> = [];
  private waitingBytes = 0;
  private readonly listeners = new Set<(event: ImportQueueEvent) => void>();

  constructor(
    private readonly concurrency = 1,
    private readonly maxWaitingBytes = Number.POSITIVE_INFINITY,
    /**
     * Whether a request keeps its turn until its answer has gone (see scopeImportTurnsToRequests):
     * what an import costs after its reading (the preview stored, the plan answered as JSON)
     * then never adds up either. Its later imports (the same file read again with a
     * remembered mapping) run in that turn.
     */
    private readonly turnPerRequest = false,
  ) {}

  /** Runs the task when its turn comes; the owner (a user id) may ask for its position meanwhile. */
  async run<T>(owner: string | null, bytes: number, task: () => Promise<T>): Promise<T> {
    const request = this.turnPerRequest ? requestTurns.getStore() : undefined;
    if (request?.held.has(this)) return task();
    const entry: QueuedImport = { owner, bytes };
    if (this.running.size >= this.concurrency) {
      if (this.waiting.length > 0 && this.waitingBytes + bytes > this.maxWaitingBytes) {
        throw new JalonError('RATE_LIMITED', {
          fr: 'Ce serveur a déjà plusieurs imports volumineux en attente : réessayez dans quelques minutes.',
          en: 'This server already has several large imports waiting: try again in a few minutes.',
        });
      }
      this.waitingBytes += bytes;
      // The entry joins `running` when the import before it ends (see finish), so that no new
      // import can slip in between.
      await new Promise<void>((start) => this.waiting.push({ entry, start }));
    } else {
      this.running.add(entry);
    }
    this.emit({ kind: 'start', owner, at: performance.now() });
    let result: T;
    try {
      result = await task();
    } catch (error) {
      this.finish(entry);
      throw error;
    }
    if (request && !request.ended) {
      request.held.add(this);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        clearTimeout(timer);
        this.finish(entry);
      };
      const timer = setTimeout(release, maxTurnHoldMs);
      timer.unref();
      request.releases.push(release);
    } else {
      this.finish(entry);
    }
    return result;
  }

  private finish(entry: QueuedImport): void {
    this.running.delete(entry);
    this.emit({ kind: 'end', owner: entry.owner, at: performance.now() });
    const next = this.waiting.shift();
    if (next) {
      this.waitingBytes -= next.entry.bytes;
      this.running.add(next.entry);
      next.start();
    }
  }

  /** How busy the queue is, and where the owner's first waiting import stands (1 = next), if any. */
  status(owner: string | null): ImportQueueResponse {
    const index = owner === null ? -1 : this.waiting.findIndex((w) => w.entry.owner === owner);
    return {
      running: this.running.size,
      waiting: this.waiting.length,
      position: index >= 0 ? index + 1 : null,
    };
  }

  /** Calls the listener at each start and end of an import (tests record the order); returns how to stop. */
  observe(listener: (event: ImportQueueEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: ImportQueueEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

/**
 * The queue of this process's large imports (see import-plan-file.ts for what counts as large),
 * the files waiting bounded by JALON_IMPORT_MEMORY_MB (128 MB of 512), read at start.
 */
export const importQueue = new ImportQueue(1, importMemoryFromEnv().maxWaitingBytes, true);

/**
 * Makes each request to the app a scope for the turns of queues that keep them per request:
 * a turn taken while the request is handled is given back once its answer has been sent, or
 * at once when the client has left.
 */
export function scopeImportTurnsToRequests(app: FastifyInstance): void {
  // After the body is parsed: the handler, and what it awaits, run in the scope.
  app.addHook('preValidation', (request, _reply, done) => {
    const turn: RequestTurn = { releases: [], held: new Set(), ended: false };
    turnsByRequest.set(request, turn);
    requestTurns.run(turn, done);
  });
  const end = async (request: FastifyRequest): Promise<void> => {
    const turn = turnsByRequest.get(request);
    if (!turn) return;
    turn.ended = true;
    for (const release of turn.releases.splice(0)) release();
  };
  app.addHook('onResponse', end);
  app.addHook('onRequestAbort', end);
}
