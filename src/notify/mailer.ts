import nodemailer from 'nodemailer';
import { JalonError } from '../core/errors.ts';
import type { ReminderDigest } from './reminder-digest.ts';

export interface SmtpSettings {
  /** smtp://user:pass@host:port or smtps://… */
  url?: string;
  host?: string;
  port?: number;
  secure?: boolean;
  user?: string;
  password?: string;
  from: string;
}

/**
 * SMTP settings from the environment: JALON_SMTP_URL, or JALON_SMTP_HOST / JALON_SMTP_PORT /
 * JALON_SMTP_SECURE / JALON_SMTP_USER / JALON_SMTP_PASSWORD; JALON_MAIL_FROM is the sender.
 * Null when no SMTP server is configured (reminders are then not sent, and the server says so).
 */
export function smtpSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): SmtpSettings | null {
  const from = env.JALON_MAIL_FROM ?? 'Jalon <jalon@localhost>';
  if (env.JALON_SMTP_URL) return { url: env.JALON_SMTP_URL, from };
  if (!env.JALON_SMTP_HOST) return null;
  return {
    host: env.JALON_SMTP_HOST,
    port: env.JALON_SMTP_PORT ? Number(env.JALON_SMTP_PORT) : 587,
    secure: env.JALON_SMTP_SECURE === 'true',
    ...(env.JALON_SMTP_USER ? { user: env.JALON_SMTP_USER } : {}),
    ...(env.JALON_SMTP_PASSWORD ? { password: env.JALON_SMTP_PASSWORD } : {}),
    from,
  };
}

export interface SendReport {
  sent: Array<{ to: string; messageId: string }>;
  failed: Array<{ to: string; error: string }>;
}

/** Sends each digest as one e-mail (text and HTML); a failing address does not stop the others. */
export async function sendDigests(settings: SmtpSettings, digests: ReminderDigest[]): Promise<SendReport> {
  const transport = settings.url
    ? nodemailer.createTransport(settings.url)
    : nodemailer.createTransport({
        host: settings.host,
        port: settings.port,
        secure: settings.secure ?? false,
        ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? '' } } : {}),
      });
  const report: SendReport = { sent: [], failed: [] };
  try {
    for (const digest of digests) {
      try {
        const info = await transport.sendMail({
          from: settings.from,
          to: digest.to,
          subject: digest.subject,
          text: digest.text,
          html: digest.html,
        });
        report.sent.push({ to: digest.to, messageId: String(info.messageId) });
      } catch (error) {
        report.failed.push({ to: digest.to, error: error instanceof Error ? error.message : String(error) });
      }
    }
  } finally {
    transport.close();
  }
  if (digests.length > 0 && report.sent.length === 0) {
    throw new JalonError(
      'INTERNAL',
      {
        fr: `Aucun rappel n’a pu être envoyé : ${report.failed[0]?.error ?? 'erreur SMTP inconnue'}.`,
        en: `No reminder could be sent: ${report.failed[0]?.error ?? 'unknown SMTP error'}.`,
      },
      { details: report },
    );
  }
  return report;
}
