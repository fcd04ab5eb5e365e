import ICAL from 'ical.js';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planSchema } from '../core/plan-schema.ts';
import { assignIds } from '../core/plan-walk.ts';
import { buildIcalFeed } from './ical-feed.ts';
import { sendDigests } from './mailer.ts';
import { buildReminderDigests } from './reminder-digest.ts';

const plan = assignIds(
  planSchema.parse({
    title: "Plan d'Actions Actualisé - 2026",
    sites: [
      { code: 'LLN', name: 'Louvain-la-Neuve' },
      { code: 'MONS', name: 'Mons' },
    ],
    axes: [
      {
        title: "L'accompagnement des étudiants, des étudiantes",
        objectives: [
          {
            title: 'Améliorer le dispositif de recherche de stages',
            actions: [
              {
                text: 'Élargissement de l’offre de stage; nouveaux terrains, "nouvelles formes" de travail social',
                sites: ['LLN'],
                responsibles: ['Chargé-e-s de mission Politique des stages'],
                status: 'in_progress',
                statusLabel: 'En cours',
                deadline: 'Juin 2026',
                deadlinePeriod: { from: '2026-06-01', to: '2026-06-30' },
              },
              {
                text: 'Base de données des lieux de stage',
                sites: ['MONS'],
                responsibles: ['Equipe stages (3 responsables)', 'DAE'],
                status: 'planned',
                deadline: '31/03/2026',
                deadlinePeriod: { from: '2026-03-31', to: '2026-03-31' },
              },
              {
                kind: 'step',
                text: 'Activer un diagnostic participatif (septembre 2026 - décembre 2026)',
                responsibles: ['DAE'],
                status: 'planned',
                deadline: 'septembre 2026 - décembre 2026',
                deadlinePeriod: { from: '2026-09-01', to: '2026-12-31' },
              },
              {
                text: 'Action terminée',
                responsibles: ['DAE'],
                status: 'done',
                deadlinePeriod: { from: null, to: '2025-06-30' },
              },
            ],
          },
        ],
      },
    ],
  }),
);

describe('iCalendar feed', () => {
  const ics = buildIcalFeed(plan, {
    now: new Date('2026-04-01T08:00:00Z'),
    linkBase: 'https://jalon.example/plans/1',
  });

  it('is valid RFC 5545 that a calendar library reads back, with one event per open dated action', () => {
    expect(ics.split('\r\n').every((line) => new TextEncoder().encode(line).length <= 75)).toBe(true);
    const calendar = new ICAL.Component(ICAL.parse(ics));
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.summary)).toEqual([
      '[LLN] Élargissement de l’offre de stage; nouveaux terrains, "nouvelles formes" de travail social',
      '[MONS] Base de données des lieux de stage',
      'Activer un diagnostic participatif (septembre 2026 - décembre 2026)',
    ]);
    expect(events[1]!.startDate.toString()).toBe('2026-03-31');
    expect(events[2]!.startDate.toString()).toBe('2026-09-01');
    expect(events[2]!.endDate.toString()).toBe('2027-01-01');
    expect(events[0]!.description).toContain('Responsable(s) : Chargé-e-s de mission Politique des stages');
  });

  it('can be limited to one responsible', () => {
    const mine = buildIcalFeed(plan, { filter: (c) => c.action.responsibles.includes('DAE') });
    const events = new ICAL.Component(ICAL.parse(mine)).getAllSubcomponents('vevent');
    expect(events).toHaveLength(2);
  });
});

describe('reminder e-mails', () => {
  const received: Array<{ to: string; body: string }> = [];
  let server: SMTPServer;
  let port = 0;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({
            to: session.envelope.rcptTo.map((r) => r.address).join(','),
            body: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends each responsible with an address one digest of overdue and soon-due actions, received by a real SMTP server', async () => {
    const directory = new Map([
      ['DAE', 'dae@helha.example'],
      ['Chargé-e-s de mission politique des stages', 'stages@helha.example'],
    ]);
    const digests = buildReminderDigests([plan], directory, {
      today: '2026-06-20',
      soonDays: 14,
      appUrl: 'https://jalon.example',
    });
    expect(digests.map((d) => [d.to, d.items.map((i) => [i.text, i.overdue])])).toEqual([
      [
        'stages@helha.example',
        [
          [
            'Élargissement de l’offre de stage; nouveaux terrains, "nouvelles formes" de travail social',
            false,
          ],
        ],
      ],
      ['dae@helha.example', [['Base de données des lieux de stage', true]]],
    ]);

    const report = await sendDigests(
      { host: '127.0.0.1', port, secure: false, from: 'Jalon <jalon@helha.example>' },
      digests,
    );
    expect(report.failed).toEqual([]);
    expect(received.map((r) => r.to).sort()).toEqual(['dae@helha.example', 'stages@helha.example']);
    const dae = received.find((r) => r.to === 'dae@helha.example')!;
    expect(dae.body).toMatch(/Subject: =\?UTF-8\?|Subject: Jalon/);
    expect(dae.body).toContain('En retard');
  });
});
