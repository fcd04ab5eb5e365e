import type { BusMessage } from './change-bus.ts';
import type { ServerContext } from './context.ts';

/**
 * What a server process forgets when a write is announced, wherever it was made: the plan's
 * cached copy (and its place, once the plan is deleted), and the cached sessions of accounts
 * that signed out or whose roles changed.
 */
export function dropStaleCaches(ctx: Pick<ServerContext, 'plans' | 'sessions'>, message: BusMessage): void {
  // Someone's presence changes nothing anyone caches.
  if (message.type === 'presence') return;
  if (message.type === 'accounts') {
    if (message.accountId) ctx.sessions.dropAccount(message.accountId);
    else ctx.sessions.clear();
    return;
  }
  if (message.object.type === 'plan' && message.object.action === 'delete') {
    ctx.plans.forget(message.planId);
    // Roles given over the plan went with it.
    ctx.sessions.clear();
  } else {
    ctx.plans.invalidate(message.planId);
  }
}
