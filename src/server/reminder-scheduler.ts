import type { Database } from '../db/connection.ts';
import type { SmtpSettings } from '../notify/mailer.ts';
import { runReminders, type RunRemindersResult } from './commands/run-reminders.ts';

export interface ReminderSchedulerOptions {
  smtp: SmtpSettings;
  /** Local hour from which the day's digests go out (JALON_REMINDER_HOUR, default 7). */
  hour: number;
  appUrl?: string | null;
  /** How often to look whether the day's run is due (default every 10 minutes). */
  intervalMs?: number;
  now?: () => Date;
  onRun?: (result: RunRemindersResult | Error) => void;
}

function localIsoDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * The daily reminder job of `jalon serve`: once the day's hour has come, the day's run is taken
 * in the database (so several servers or a restart send it once) and each responsible gets their
 * digest. Looks every few minutes; a machine asleep at the hour sends when it wakes.
 */
export function startReminderScheduler(db: Database, options: ReminderSchedulerOptions): { stop(): void } {
  const now = options.now ?? (() => new Date());
  let running = false;
  const tick = async () => {
    const date = now();
    if (running || date.getHours() < options.hour) return;
    running = true;
    try {
      const result = await runReminders(db, {
        today: localIsoDate(date),
        smtp: options.smtp,
        ...(options.appUrl ? { appUrl: options.appUrl } : {}),
      });
      if (result.ran) options.onRun?.(result);
    } catch (error) {
      options.onRun?.(error instanceof Error ? error : new Error(String(error)));
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), options.intervalMs ?? 10 * 60 * 1000);
  timer.unref();
  void tick();
  return { stop: () => clearInterval(timer) };
}
