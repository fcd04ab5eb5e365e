import type { Database } from '../../db/connection.ts';
import {
  claimReminderRun,
  listPlanIds,
  listResponsibleContacts,
  recordReminderRun,
} from '../../db/repositories/follow-up.ts';
import { loadPlan } from '../../db/repositories/plan-tree.ts';
import { sendDigests, type SendReport, type SmtpSettings } from '../../notify/mailer.ts';
import { buildReminderDigests, type ReminderDigest } from '../../notify/reminder-digest.ts';

export interface RunRemindersInput {
  today: string;
  smtp: SmtpSettings | null;
  appUrl?: string;
  soonDays?: number;
  /** Send even if today's run was already made (a coordinator's explicit "send now"). */
  force?: boolean;
}

export interface RunRemindersResult extends SendReport {
  ran: boolean;
  reason: string | null;
}

/**
 * The daily reminder job: for every plan, each responsible with an e-mail address in the plan's
 * contacts receives one digest of their open actions that are overdue or due soon. A day's run
 * is claimed in the database first, so restarts and several server processes never mail twice.
 */
export async function runReminders(db: Database, input: RunRemindersInput): Promise<RunRemindersResult> {
  if (!input.smtp)
    return {
      ran: false,
      reason: 'Aucun serveur SMTP configuré (JALON_SMTP_URL ou JALON_SMTP_HOST).',
      sent: [],
      failed: [],
    };
  if (!input.force && !(await claimReminderRun(db, input.today))) {
    return {
      ran: false,
      reason: `Les rappels du ${input.today} ont déjà été envoyés.`,
      sent: [],
      failed: [],
    };
  }
  const contacts = await listResponsibleContacts(db);
  const digests: ReminderDigest[] = [];
  for (const planId of await listPlanIds(db)) {
    const directory = new Map(
      contacts.filter((c) => c.planId === planId).map((c) => [c.responsible, c.email]),
    );
    if (directory.size === 0) continue;
    const plan = await loadPlan(db, planId);
    if (!plan) continue;
    digests.push(
      ...buildReminderDigests([plan], directory, {
        today: input.today,
        ...(input.soonDays !== undefined ? { soonDays: input.soonDays } : {}),
        ...(input.appUrl ? { appUrl: `${input.appUrl.replace(/\/$/, '')}/plans/${planId}` } : {}),
      }),
    );
  }
  const report = digests.length > 0 ? await sendDigests(input.smtp, digests) : { sent: [], failed: [] };
  if (!input.force) await recordReminderRun(db, input.today, report.sent);
  return {
    ran: true,
    reason: digests.length === 0 ? 'Aucune action en retard ou à échéance proche.' : null,
    ...report,
  };
}
