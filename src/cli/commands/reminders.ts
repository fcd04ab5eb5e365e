import type { Command } from 'commander';
import { isoDateSchema } from '../../core/academic-calendar.ts';
import { JalonError } from '../../core/errors.ts';
import { smtpSettingsFromEnv } from '../../notify/mailer.ts';
import { runReminders } from '../../server/commands/run-reminders.ts';
import { withDatabase } from '../database.ts';
import { printJson, progress } from '../output.ts';

export function register(program: Command): void {
  const reminders = program
    .command('reminders')
    .description(
      'e-mail each responsible a digest of their actions overdue or due soon (SMTP from JALON_SMTP_URL)',
    );
  reminders
    .command('send')
    .description("send today's digests now (the server sends them daily by itself)")
    .option(
      '--date <date>',
      'the day to compute overdue and due-soon actions for (YYYY-MM-DD, default today)',
    )
    .option('--plan <id>', 'only this plan')
    .option('--soon-days <days>', 'actions due within this many days are included', '14')
    .option('--json', 'print the result as JSON')
    .action(async (options: { date?: string; plan?: string; soonDays: string; json?: boolean }) => {
      const today = options.date ?? new Date().toISOString().slice(0, 10);
      if (!isoDateSchema.safeParse(today).success)
        throw new JalonError('BAD_INPUT', {
          fr: `--date ${today} : une date AAAA-MM-JJ est attendue.`,
          en: `--date ${today}: expected a YYYY-MM-DD date.`,
        });
      const soonDays = Number(options.soonDays);
      if (!Number.isInteger(soonDays) || soonDays < 0)
        throw new JalonError('BAD_INPUT', {
          fr: `--soon-days ${options.soonDays} : un nombre entier de jours est attendu.`,
          en: `--soon-days ${options.soonDays}: expected a whole number of days.`,
        });
      const smtp = smtpSettingsFromEnv();
      if (!smtp) {
        throw new JalonError('BAD_INPUT', {
          fr: 'Aucun serveur SMTP configuré : définissez JALON_SMTP_URL (smtp://hôte:port) ou JALON_SMTP_HOST.',
          en: 'No SMTP server configured: set JALON_SMTP_URL (smtp://host:port) or JALON_SMTP_HOST.',
        });
      }
      const result = await withDatabase(({ db }) =>
        runReminders(db, {
          today,
          smtp,
          manual: true,
          soonDays,
          ...(options.plan ? { planIds: [options.plan] } : {}),
          ...(process.env.JALON_PUBLIC_URL ? { appUrl: process.env.JALON_PUBLIC_URL } : {}),
        }),
      );
      if (options.json) {
        printJson(result);
        return;
      }
      for (const sent of result.sent) progress(`  envoyé à ${sent.to}`);
      for (const failed of result.failed) progress(`  ÉCHEC pour ${failed.to} : ${failed.error}`);
      progress(result.reason ?? `${result.sent.length} rappel(s) envoyé(s).`);
      if (result.failed.length > 0) process.exitCode = 1;
    });
}
