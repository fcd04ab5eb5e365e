import type { Plan } from '../core/plan-schema.ts';
import { listActions } from '../core/plan-walk.ts';
import { foldText } from '../core/text.ts';
import { isClosedStatus, statusLabel, type Status } from '../core/status.ts';

export interface DigestItem {
  planTitle: string;
  actionId: string | undefined;
  text: string;
  objective: string;
  sites: string[];
  due: string;
  status: Status | null;
  statusLabel: string;
  overdue: boolean;
}

export interface ReminderDigest {
  /** The responsible as the plan names them ("Coordination pédagogique"). */
  responsible: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  items: DigestItem[];
}

export interface DigestOptions {
  /** ISO date of the day the digest is sent. */
  today: string;
  /** Actions due within this many days are included with the overdue ones. */
  soonDays?: number;
  /** Link to the web app, for the "open the plan" line. */
  appUrl?: string;
}

/**
 * One e-mail per responsible who has open actions overdue or due soon, across the given plans.
 * `directory` maps a responsible's name as plans write it to an e-mail address (names are
 * compared without case and accents), the same for every plan or one per plan; responsibles
 * without an address get no mail.
 */
export function buildReminderDigests(
  plans: Plan[],
  directory: Map<string, string> | ((plan: Plan) => Map<string, string>),
  options: DigestOptions,
): ReminderDigest[] {
  const soonLimit = addDays(options.today, options.soonDays ?? 14);
  const byEmail = new Map<string, { responsible: string; items: DigestItem[] }>();
  for (const plan of plans) {
    const names = typeof directory === 'function' ? directory(plan) : directory;
    const addresses = new Map([...names].map(([name, email]) => [normaliseName(name), { name, email }]));
    for (const { action, objectives, axis } of listActions(plan)) {
      const due = action.deadlinePeriod?.to;
      if (!due || isClosedStatus(action.status) || due > soonLimit) continue;
      for (const responsible of action.responsibles) {
        const contact = addresses.get(normaliseName(responsible));
        if (!contact) continue;
        const entry = byEmail.get(contact.email) ?? { responsible: contact.name, items: [] };
        entry.items.push({
          planTitle: plan.title,
          actionId: action.id,
          text: action.text || objectives.at(-1)?.title || axis.title,
          objective: objectives.at(-1)?.title ?? axis.title,
          sites: action.sites,
          due,
          status: action.status,
          statusLabel: action.statusLabel || statusLabel(action.status),
          overdue: due < options.today,
        });
        byEmail.set(contact.email, entry);
      }
    }
  }
  return [...byEmail].map(([to, { responsible, items }]) => {
    items.sort((a, b) => a.due.localeCompare(b.due));
    return composeDigest(responsible, to, items, options);
  });
}

function composeDigest(
  responsible: string,
  to: string,
  items: DigestItem[],
  options: DigestOptions,
): ReminderDigest {
  const overdue = items.filter((i) => i.overdue);
  const soon = items.filter((i) => !i.overdue);
  const subject = `Jalon — ${overdue.length} action(s) en retard, ${soon.length} à échéance proche`;
  const line = (i: DigestItem) =>
    `- ${i.sites.length > 0 ? `[${i.sites.join(', ')}] ` : ''}${i.text} — échéance ${formatDate(i.due)} — ${i.statusLabel} (${i.planTitle})`;
  const text = [
    `Bonjour,`,
    '',
    `Voici les actions du plan dont « ${responsible} » est responsable et qui demandent votre attention.`,
    ...(overdue.length > 0 ? ['', 'En retard :', ...overdue.map(line)] : []),
    ...(soon.length > 0 ? ['', 'À échéance proche :', ...soon.map(line)] : []),
    ...(options.appUrl ? ['', `Mettre à jour l'état de réalisation : ${options.appUrl}`] : []),
    '',
    '— Jalon',
  ].join('\n');
  const li = (i: DigestItem) =>
    `<li>${i.sites.length > 0 ? `<strong>${escapeHtml(i.sites.join(', '))}</strong> : ` : ''}${escapeHtml(i.text)} — échéance ${escapeHtml(formatDate(i.due))} — ${escapeHtml(i.statusLabel)} <em>(${escapeHtml(i.planTitle)})</em></li>`;
  const html = [
    `<p>Bonjour,</p>`,
    `<p>Voici les actions du plan dont « ${escapeHtml(responsible)} » est responsable et qui demandent votre attention.</p>`,
    ...(overdue.length > 0 ? [`<h2>En retard</h2><ul>${overdue.map(li).join('')}</ul>`] : []),
    ...(soon.length > 0 ? [`<h2>À échéance proche</h2><ul>${soon.map(li).join('')}</ul>`] : []),
    ...(options.appUrl
      ? [`<p><a href="${escapeHtml(options.appUrl)}">Mettre à jour l'état de réalisation</a></p>`]
      : []),
    `<p>— Jalon</p>`,
  ].join('\n');
  return { responsible, to, subject, text, html, items };
}

function normaliseName(name: string): string {
  return foldText(name).replace(/\s+/g, ' ').trim();
}

function formatDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-');
  return `${d}/${m}/${y}`;
}

function addDays(isoDate: string, days: number): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}
