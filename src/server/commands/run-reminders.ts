import type { Language } from '../../core/errors.ts';
import type { Plan } from '../../core/plan-schema.ts';
import type { Database } from '../../db/connection.ts';
import { listUsers } from '../../db/repositories/accounts.ts';
import {
  claimReminderRun,
  listPlanIds,
  listResponsibleContacts,
  recordReminderRun,
} from '../../db/repositories/follow-up.ts';
import { loadPlan } from '../../db/repositories/plan-tree.ts';
import { sendDigests, type SendReport, type SmtpSettings } from '../../notify/mailer.ts';
import { buildReminderDigests } from '../../notify/reminder-digest.ts';

export interface RunRemindersInput {
  today: string;
  smtp: SmtpSettings | null;
  appUrl?: string;
  soonDays?: number;
  /** Only these plans (a coordinator's "send now" for their plan); default every plan. */
  planIds?: string[];
  /**
   * Sent by hand, outside the daily run: it does not take the day's run, and it is sent even
   * when the day's run was already made.
   */
  manual?: boolean;
  /** The language of `reason` (the caller's: the request's on the API); French by default. */
  lang?: Language;
}

export interface RunRemindersResult extends SendReport {
  ran: boolean;
  reason: string | null;
}

/**
 * The daily reminder job: each responsible with an e-mail address receives one digest of their
 * open actions, across plans, that are overdue or due soon. A responsible's address is the one
 * the plan's contacts give, else that of the Jalon user of the same name. A day's run is claimed
 * in the database first, so restarts and several server processes never mail twice.
 */
export async function runReminders(db: Database, input: RunRemindersInput): Promise<RunRemindersResult> {
  const lang = input.lang ?? 'fr';
  if (!input.smtp) {
    return {
      ran: false,
      reason: {
        fr: 'Aucun serveur SMTP configuré (JALON_SMTP_URL ou JALON_SMTP_HOST).',
        en: 'No SMTP server configured (JALON_SMTP_URL or JALON_SMTP_HOST).',
      }[lang],
      sent: [],
      failed: [],
    };
  }
  if (!input.manual && !(await claimReminderRun(db, input.today))) {
    return {
      ran: false,
      reason: {
        fr: `Les rappels du ${input.today} ont déjà été envoyés.`,
        en: `The reminders of ${input.today} have already been sent.`,
      }[lang],
      sent: [],
      failed: [],
    };
  }
  const [contacts, users] = await Promise.all([listResponsibleContacts(db), listUsers(db)]);
  const userDirectory = users.filter((u) => u.name.trim() !== '').map((u) => [u.name, u.email] as const);
  const plans: Array<{ id: string; plan: Plan }> = [];
  for (const planId of input.planIds ?? (await listPlanIds(db))) {
    const plan = await loadPlan(db, planId);
    if (plan) plans.push({ id: planId, plan });
  }
  const idOf = new Map(plans.map((p) => [p.plan, p.id]));
  const digests = buildReminderDigests(
    plans.map((p) => p.plan),
    (plan) =>
      new Map([
        ...userDirectory,
        // The plan's own contacts come last, so they win over a user of the same name.
        ...contacts.filter((c) => c.planId === idOf.get(plan)).map((c) => [c.responsible, c.email] as const),
      ]),
    {
      today: input.today,
      ...(input.soonDays !== undefined ? { soonDays: input.soonDays } : {}),
      ...(input.appUrl ? { appUrl: input.appUrl.replace(/\/$/, '') } : {}),
    },
  );
  const report = digests.length > 0 ? await sendDigests(input.smtp, digests) : { sent: [], failed: [] };
  if (!input.manual) await recordReminderRun(db, input.today, report.sent);
  return {
    ran: true,
    reason:
      digests.length === 0
        ? { fr: 'Aucune action en retard ou à échéance proche.', en: 'No action overdue or due soon.' }[lang]
        : null,
    ...report,
  };
}
