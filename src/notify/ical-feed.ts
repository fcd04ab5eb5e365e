import type { Action, Plan } from '../core/plan-schema.ts';
import { listActions, type ActionContext } from '../core/plan-walk.ts';
import { isClosedStatus, statusLabel } from '../core/status.ts';

export interface IcalFeedOptions {
  /** Calendar name shown by calendar apps. */
  name?: string;
  /** Keep only the actions this predicate accepts (one user's actions, one site's). */
  filter?: (context: ActionContext) => boolean;
  /** Include finished and dropped actions too (default: only open ones). */
  includeClosed?: boolean;
  /** Time stamp of the feed (DTSTAMP), for reproducible output in tests. */
  now?: Date;
  /** Base URL to link each event to the action in the web app. */
  linkBase?: string;
}

/**
 * An iCalendar (RFC 5545) feed of a plan's deadlines: one all-day event per action on its due
 * date, or spanning its period for a step ("septembre 2026 - décembre 2026"). Calendar apps
 * subscribe to it per plan or per user.
 */
export function buildIcalFeed(plan: Plan, options: IcalFeedOptions = {}): string {
  return buildIcalFeedOfPlans([{ plan, ...(options.linkBase ? { linkBase: options.linkBase } : {}) }], {
    ...options,
    name: options.name ?? plan.title,
  });
}

/** One feed over several plans (a user's actions across the plans they take part in). */
export function buildIcalFeedOfPlans(
  sources: Array<{ plan: Plan; linkBase?: string }>,
  options: Omit<IcalFeedOptions, 'linkBase'> & { name: string },
): string {
  const stamp = formatStamp(options.now ?? new Date());
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Jalon//Plan d action//FR',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(options.name)}`,
  ];
  for (const { plan, linkBase } of sources) {
    lines.push(...planEvents(plan, stamp, { ...options, ...(linkBase ? { linkBase } : {}) }));
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

function planEvents(plan: Plan, stamp: string, options: IcalFeedOptions): string[] {
  const lines: string[] = [];
  for (const context of listActions(plan)) {
    const { action } = context;
    if (options.filter && !options.filter(context)) continue;
    if (!options.includeClosed && isClosedStatus(action.status)) continue;
    const dates = eventDates(action);
    if (!dates) continue;
    const objective = context.objectives.at(-1)?.title ?? context.subdimension?.title ?? context.axis.title;
    const prefix = action.sites.length > 0 ? `[${action.sites.join(', ')}] ` : '';
    const summary = `${prefix}${action.text || objective}`;
    const description = [
      `Axe : ${context.axis.title}`,
      `Objectif : ${objective}`,
      action.responsibles.length > 0 ? `Responsable(s) : ${action.responsibles.join(', ')}` : null,
      `État : ${action.statusLabel || statusLabel(action.status)}`,
      action.deadline ? `Échéance : ${action.deadline}` : null,
    ]
      .filter((line): line is string => line !== null)
      .join('\n');
    lines.push(
      'BEGIN:VEVENT',
      `UID:${escapeText(action.id ?? `${hash(summary)}`)}@jalon`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${dates.start.replaceAll('-', '')}`,
      `DTEND;VALUE=DATE:${nextDay(dates.end).replaceAll('-', '')}`,
      `SUMMARY:${escapeText(summary)}`,
      `DESCRIPTION:${escapeText(description)}`,
      ...(options.linkBase && action.id
        ? [`URL:${options.linkBase.replace(/\/$/, '')}/actions/${encodeURIComponent(action.id)}`]
        : []),
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  return lines;
}

/** A step spans its period; any other action is an event on its due date. */
function eventDates(action: Action): { start: string; end: string } | null {
  const period = action.deadlinePeriod;
  if (!period?.to) return null;
  if (action.kind === 'step' && period.from) return { start: period.from, end: period.to };
  return { start: period.to, end: period.to };
}

function nextDay(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

function formatStamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** RFC 5545 §3.3.11: backslash, semicolon, comma and newlines are escaped in TEXT values. */
function escapeText(text: string): string {
  return (
    text
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r?\n/g, '\\n')
      // Control characters are not allowed in iCalendar text (RFC 5545 §3.1): strip them.
      // oxlint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
  );
}

/** RFC 5545 §3.1: lines longer than 75 octets are folded with CRLF + space, never inside a UTF-8 character. */
function foldLine(line: string): string {
  const encoder = new TextEncoder();
  if (encoder.encode(line).length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  for (const char of line) {
    const bytes = encoder.encode(char).length;
    const limit = parts.length === 0 ? 75 : 74;
    if (size + bytes > limit) {
      parts.push(current);
      current = '';
      size = 0;
    }
    current += char;
    size += bytes;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

function hash(text: string): string {
  let h = 0;
  for (const char of text) h = (Math.imul(h, 31) + char.charCodeAt(0)) | 0;
  return (h >>> 0).toString(16);
}
