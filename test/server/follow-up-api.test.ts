import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import ICAL from 'ical.js';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listActions } from '../../src/core/plan-walk.ts';
import { importFile } from '../../src/import/index.ts';
import { storeNewPlan } from '../../src/server/commands/store-plan.ts';
import { databaseKinds } from '../db/test-database.ts';
import { fixtureFile, SEED_000, SEED_002, seedFile } from '../support/shared-files.ts';
import { startSmtpSink } from '../support/smtp-sink.ts';
import {
  ApiClient,
  seedPermissionPlan,
  seedRoleUsers,
  startTestServer,
  TEST_PASSWORD,
  type SeededPlan,
  type TestServer,
} from './test-server.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function docxText(bytes: Uint8Array): Promise<string> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  return xml
    .replace(/<[^>]+>/g, ' ')
    .replace(/&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describe.each(databaseKinds)('follow-up over the years, over HTTP on %s', (kind) => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
  let seeded: SeededPlan;
  let users: Awaited<ReturnType<typeof seedRoleUsers>>;
  let coordinator: ApiClient;
  /** The seed plans live in their own institutions, where only an admin has a role. */
  let admin: ApiClient;
  const client = async (email: string) => {
    const c = new ApiClient(server.baseUrl);
    expect((await c.login(email, TEST_PASSWORD)).status).toBe(200);
    return c;
  };

  beforeAll(async () => {
    smtp = await startSmtpSink();
    server = await startTestServer(kind, {
      smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Jalon <jalon@test.example>' },
      appUrl: 'https://jalon.example',
      evidenceMaxBytes: 2 * 1024 * 1024,
    });
    seeded = await seedPermissionPlan(server.database);
    users = await seedRoleUsers(server.database, seeded.institutionId);
    coordinator = await client(users.coordinator);
    admin = await client(users.admin);
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
  });

  describe('versions', () => {
    let planId: string;
    let versionId: string;

    beforeAll(async () => {
      // The 2015 plan (seed 002) as the institution imported it.
      const { plan } = await importFile(seedFile(`${SEED_002}.txt`));
      planId = (await storeNewPlan(server.database.db, { actor: null, plan })).planId;
    });

    it('freezes "Plan d’action 2015" and starts the updated plan from it, each action keeping its identity', async () => {
      const frozen = await admin.request('POST', `/api/v1/plans/${planId}/versions`, {
        label: "Plan d'action 2015",
        versionDate: 'décembre 2015',
        next: { label: "Plan d'action actualisé 2020", versionDate: '2020' },
      });
      expect(frozen.status).toBe(201);
      versionId = frozen.body.version.id;
      expect(frozen.body.version).toMatchObject({
        label: "Plan d'action 2015",
        versionDate: 'décembre 2015',
        publicPath: null,
      });

      const living = (await admin.get(`/api/v1/plans/${planId}`)).body;
      expect(living.plan.version).toEqual({
        label: "Plan d'action actualisé 2020",
        date: '2020',
        kind: 'updated',
      });
      const snapshot = (await admin.get(`/api/v1/plans/${planId}/versions/${versionId}`)).body.plan;
      expect(listActions(snapshot).map((c) => c.action.id)).toEqual(
        listActions(living.plan).map((c) => c.action.id),
      );
      expect(
        (await admin.get(`/api/v1/plans/${planId}/versions`)).body.versions.map(
          (v: { label: string }) => v.label,
        ),
      ).toEqual(["Plan d'action 2015"]);
    });

    it('diffs the 2015 version against the updated plan: status changes, text changes, added and removed actions', async () => {
      const { plan, revisions } = (await admin.get(`/api/v1/plans/${planId}`)).body;
      const actions = listActions(plan);
      const [first, second, third] = actions.map((c) => c.action);
      const status = await admin.request('POST', `/api/v1/actions/${first!.id}/status`, {
        revision: revisions[first!.id!],
        status: 'implemented',
        date: '2019-06-30',
        comment: 'Devenu pratique courante',
      });
      expect(status.status).toBe(200);
      const edited = await admin.request('PATCH', `/api/v1/actions/${second!.id}`, {
        revision: revisions[second!.id!],
        changes: { text: `${second!.text} (élargi aux trois blocs)` },
      });
      expect(edited.status).toBe(200);
      expect(
        (await admin.request('DELETE', `/api/v1/actions/${third!.id}?revision=${revisions[third!.id!]}`))
          .status,
      ).toBe(200);
      // The 2015 plan puts its actions straight under the axes (the AEQES template).
      const added = await admin.request('POST', `/api/v1/axes/${plan.axes[0].id}/actions`, {
        action: { text: 'Former les enseignants à la plateforme Moodle', status: 'planned' },
      });
      expect(added.status).toBe(201);

      const diff = await admin.get(`/api/v1/plans/${planId}/diff?from=${versionId}&to=current`);
      expect(diff.status).toBe(200);
      expect(diff.body.from).toBe("Plan d'action 2015");
      const { actions: changes } = diff.body.diff;
      expect(changes.statusChanges.map((a: { id: string; to: string }) => [a.id, a.to])).toEqual([
        [first!.id, 'implemented'],
      ]);
      expect(
        changes.changed.map((a: { id: string; changes: Array<{ field: string }> }) => [
          a.id,
          a.changes.map((c) => c.field),
        ]),
      ).toEqual([[second!.id, ['text']]]);
      expect(changes.removed.map((a: { id: string }) => a.id)).toEqual([third!.id]);
      expect(changes.added.map((a: { text: string }) => a.text)).toEqual([
        'Former les enseignants à la plateforme Moodle',
      ]);
      expect(changes.unchanged).toBe(actions.length - 3);

      const md = await admin.get(`/api/v1/plans/${planId}/diff?from=${versionId}&format=md`);
      expect(md.headers.get('content-type')).toMatch(/text\/markdown/);
      expect(md.body).toContain('## Actions ajoutées');
      expect(md.body).toContain('Former les enseignants à la plateforme Moodle');
      const docx = await fetch(
        `${server.baseUrl}/api/v1/plans/${planId}/diff?from=${versionId}&format=docx`,
        {
          headers: { cookie: admin.cookie! },
        },
      );
      expect(docx.status).toBe(200);
      expect(docx.headers.get('content-disposition')).toMatch(/differences-plan-d-action-2015/);
      const text = await docxText(new Uint8Array(await docx.arrayBuffer()));
      expect(text).toContain('Actions retirées');
      expect(text).toContain(third!.text.slice(0, 40));
    });

    it('gives the progress record since the version, with each action’s status then and now and its dated history', async () => {
      const json = await admin.get(`/api/v1/plans/${planId}/progress?since=${versionId}&format=json`);
      expect(json.status).toBe(200);
      const implemented = json.body.rows.find(
        (r: { after: { status: string } | null }) => r.after?.status === 'implemented',
      );
      expect(implemented.change).toBe('progressed');
      expect(implemented.history).toEqual([
        expect.objectContaining({
          at: '2019-06-30',
          status: 'implemented',
          comment: 'Devenu pratique courante',
          by: 'Admin',
        }),
      ]);
      expect(json.body.counts).toMatchObject({ new: 1, removed: 1, progressed: 1 });

      const docx = await fetch(
        `${server.baseUrl}/api/v1/plans/${planId}/progress?since=${versionId}&format=docx`,
        {
          headers: { cookie: admin.cookie! },
        },
      );
      expect(docx.headers.get('content-type')).toMatch(/wordprocessingml/);
      const text = await docxText(new Uint8Array(await docx.arrayBuffer()));
      expect(text).toContain('Rapport de suivi');
      expect(text).toContain('Devenu pratique courante');
      const pdf = await fetch(
        `${server.baseUrl}/api/v1/plans/${planId}/progress?since=${versionId}&format=pdf`,
        {
          headers: { cookie: admin.cookie! },
        },
      );
      expect(
        Buffer.from(await pdf.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      ).toBe('%PDF-');
    });

    it('publishes a version at a public address showing no internal field, and withdraws it', async () => {
      const llnAction = seeded.actions.lln;
      const frozen = await coordinator.request('POST', `/api/v1/plans/${seeded.planId}/versions`, {
        label: 'Plan publié 2026',
      });
      const id = frozen.body.version.id;
      const reader = await client(users.reader);
      expect(
        (await reader.request('POST', `/api/v1/plans/${seeded.planId}/versions/${id}/publication`)).status,
      ).toBe(403);
      const published = await coordinator.request(
        'POST',
        `/api/v1/plans/${seeded.planId}/versions/${id}/publication`,
      );
      expect(published.status).toBe(200);
      const publicPath: string = published.body.version.publicPath;
      expect(publicPath).toMatch(/^\/public\/[\w-]{16}$/);

      const page = await fetch(`${server.baseUrl}${publicPath}`);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      const html = await page.text();
      expect(html).toContain('tutorat par les pairs');
      expect(html).toContain('Plan publié 2026');
      expect(html).toContain('En cours');
      expect(html).not.toContain('Note interne');
      expect(html).not.toContain(llnAction);

      await coordinator.request('DELETE', `/api/v1/plans/${seeded.planId}/versions/${id}/publication`);
      expect((await fetch(`${server.baseUrl}${publicPath}`)).status).toBe(404);
    });

    it('refuses to freeze for a reader and names the unknown version', async () => {
      const reader = await client(users.reader);
      expect(
        (await reader.request('POST', `/api/v1/plans/${seeded.planId}/versions`, { label: 'x' })).status,
      ).toBe(403);
      const missing = await coordinator.get(`/api/v1/plans/${seeded.planId}/diff?from=nope`);
      expect(missing.status).toBe(404);
      expect(missing.body.error.message).toContain('nope');
    });
  });

  describe('recommendations register and coverage', () => {
    it('reads the experts’ report pasted as text, keeps the cited recommendations linked, and lists the unanswered ones', async () => {
      const { plan } = await importFile(seedFile(`${SEED_000}.txt`));
      const planId = (await storeNewPlan(server.database.db, { actor: null, plan })).planId;
      const before = (await admin.get(`/api/v1/plans/${planId}/recommendations`)).body;
      expect(before.coverage.length).toBeGreaterThan(5);
      expect(before.coverage.every((c: { state: string }) => c.state === 'answered')).toBe(true);
      const cited = before.recommendations.find(
        (r: { criterion: string; number: string }) => r.criterion === '3' && r.number === '6',
      );

      const report = [
        'Critère 3 : la cohérence interne du programme',
        'Recommandation 6 : Renforcer l’articulation entre les stages et les cours.',
        'Critère 2 : la pertinence du programme',
        'Recommandation 7 : Associer les étudiants à l’évaluation des enseignements.',
      ].join('\n');
      const put = await admin.request('PUT', `/api/v1/plans/${planId}/recommendations`, {
        etag: before.etag,
        text: report,
      });
      expect(put.status).toBe(200);
      expect(put.body.recommendations).toHaveLength(2);
      const six = put.body.coverage.find(
        (c: { recommendation: { criterion: string; number: string } }) =>
          c.recommendation.criterion === '3' && c.recommendation.number === '6',
      );
      expect(six.recommendation.id).toBe(cited.id);
      expect(six.recommendation.text).toBe('Renforcer l’articulation entre les stages et les cours.');
      expect(six.state).toBe('answered');
      expect(six.objectives.length + six.actions.length).toBeGreaterThan(0);
      const twelve = put.body.coverage.find(
        (c: { recommendation: { number: string } }) => c.recommendation.number === '7',
      );
      expect(twelve.state).toBe('unanswered');

      // A second coordinator working from the old copy is refused, not silently overwritten.
      const stale = await admin.request('PUT', `/api/v1/plans/${planId}/recommendations`, {
        etag: before.etag,
        text: report,
      });
      expect(stale.status).toBe(409);
      expect(stale.body.error.field).toBe('etag');

      const justified = await admin.request(
        'PATCH',
        `/api/v1/plans/${planId}/recommendations/${twelve.recommendation.id}`,
        { justification: 'Déjà assuré par le conseil de département.', before: null },
      );
      expect(justified.status).toBe(200);
      expect(
        justified.body.coverage.find(
          (c: { recommendation: { id: string } }) => c.recommendation.id === twelve.recommendation.id,
        ).state,
      ).toBe('justified');
      const again = await admin.request(
        'PATCH',
        `/api/v1/plans/${planId}/recommendations/${twelve.recommendation.id}`,
        {
          justification: 'Autre raison',
          before: null,
        },
      );
      expect(again.status).toBe(409);

      const editor = await client(users.site_editor);
      expect(
        (
          await editor.request('PUT', `/api/v1/plans/${planId}/recommendations`, {
            etag: put.body.etag,
            text: report,
          })
        ).status,
      ).toBe(404);
    });
  });

  describe('indicators and evidence', () => {
    it('records measured values of an indicator, in date order, with the unit and target, as the responsible contributor', async () => {
      const anne = await client(users.contributor);
      const first = await anne.request('POST', `/api/v1/actions/${seeded.actions.lln}/measurements`, {
        indicator: 'Taux de participation',
        date: '2026-01-31',
        value: 62,
        unit: '%',
        target: 75,
        comment: 'Q1 2025-2026',
      });
      expect(first.status).toBe(201);
      const second = await anne.request('POST', `/api/v1/actions/${seeded.actions.lln}/measurements`, {
        indicator: 'taux de participation',
        date: '2025-10-15',
        value: 48,
      });
      expect(second.status).toBe(201);
      expect(second.body.action.indicators).toEqual(['Taux de participation']);
      expect(second.body.action.measures).toEqual([
        {
          indicator: 'Taux de participation',
          unit: '%',
          target: 75,
          values: [
            { date: '2025-10-15', value: 48, comment: null },
            { date: '2026-01-31', value: 62, comment: 'Q1 2025-2026' },
          ],
        },
      ]);
      const stale = await anne.request('POST', `/api/v1/actions/${seeded.actions.lln}/measurements`, {
        indicator: 'Taux de participation',
        date: '2026-03-01',
        value: 70,
        revision: 1,
      });
      expect(stale.status).toBe(409);
      expect(
        (
          await anne.request('POST', `/api/v1/actions/${seeded.actions.mons}/measurements`, {
            indicator: 'x',
            date: '2026-01-01',
            value: 1,
          })
        ).status,
      ).toBe(403);
    });

    it('attaches a file that downloads back byte-identical, and a link; refuses a script, an oversized file and a reader', async () => {
      const editor = await client(users.site_editor);
      const bytes = readFileSync(fixtureFile(`${SEED_002}.pdf`));
      const form = new FormData();
      form.append('title', 'Plan 2015 signé');
      form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'Plan d’action 2015.pdf');
      const upload = await fetch(`${server.baseUrl}/api/v1/actions/${seeded.actions.lln}/evidence`, {
        method: 'POST',
        headers: { cookie: editor.cookie!, 'x-csrf-token': editor.csrfToken! },
        body: form,
      });
      expect(upload.status).toBe(201);
      const evidence = (await upload.json()).evidence;
      expect(evidence).toMatchObject({
        kind: 'file',
        title: 'Plan 2015 signé',
        fileName: 'Plan d’action 2015.pdf',
        size: bytes.byteLength,
        sha256: sha256(bytes),
      });

      const reader = await client(users.reader);
      const download = await fetch(`${server.baseUrl}${evidence.downloadPath}`, {
        headers: { cookie: reader.cookie! },
      });
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe('application/pdf');
      expect(download.headers.get('content-disposition')).toContain(
        "filename*=UTF-8''Plan%20d%E2%80%99action%202015.pdf",
      );
      expect(sha256(new Uint8Array(await download.arrayBuffer()))).toBe(sha256(bytes));

      const link = await editor.request('POST', `/api/v1/actions/${seeded.actions.lln}/evidence`, {
        title: 'Compte rendu du conseil',
        url: 'https://intranet.example/cr-2026-03.pdf',
      });
      expect(link.status).toBe(201);
      expect(
        (
          await editor.request('POST', `/api/v1/actions/${seeded.actions.lln}/evidence`, {
            title: 'x',
            url: 'javascript:alert(1)',
          })
        ).status,
      ).toBe(400);
      const list = await reader.get(`/api/v1/actions/${seeded.actions.lln}/evidence`);
      expect(list.body.evidence.map((e: { title: string }) => e.title)).toEqual([
        'Plan 2015 signé',
        'Compte rendu du conseil',
      ]);

      const send = async (
        name: string,
        content: Uint8Array,
        who: ApiClient,
        actionId = seeded.actions.lln,
      ) => {
        const f = new FormData();
        f.append('file', new Blob([content.slice()]), name);
        return fetch(`${server.baseUrl}/api/v1/actions/${actionId}/evidence`, {
          method: 'POST',
          headers: { cookie: who.cookie!, 'x-csrf-token': who.csrfToken! },
          body: f,
        });
      };
      const script = await send('page.html', new TextEncoder().encode('<script>alert(1)</script>'), editor);
      expect(script.status).toBe(415);
      const big = await send('gros.pdf', new Uint8Array(3 * 1024 * 1024), editor);
      expect(big.status).toBe(413);
      expect((await send('autre.pdf', bytes, editor, seeded.actions.mons)).status).toBe(403);
      expect((await send('lecteur.pdf', bytes, reader)).status).toBe(403);

      expect((await reader.request('DELETE', `/api/v1/evidence/${evidence.id}`)).status).toBe(403);
      expect((await editor.request('DELETE', `/api/v1/evidence/${evidence.id}`)).status).toBe(200);
      expect((await reader.get(`/api/v1/actions/${seeded.actions.lln}/evidence`)).body.evidence).toHaveLength(
        1,
      );
    });
  });

  describe('reminders and calendar feeds', () => {
    it('e-mails each responsible with an address a digest of their overdue and soon-due actions, received by a real SMTP server', async () => {
      const contacts = await coordinator.get(`/api/v1/plans/${seeded.planId}/contacts`);
      expect(contacts.body.responsibles).toContain('Anne Contributrice');
      const put = await coordinator.request('PUT', `/api/v1/plans/${seeded.planId}/contacts`, {
        contacts: [{ responsible: 'Anne Contributrice', email: 'anne.c@haute-ecole.example' }],
      });
      expect(put.status).toBe(200);
      const reader = await client(users.reader);
      expect((await reader.get(`/api/v1/plans/${seeded.planId}/contacts`)).status).toBe(403);
      expect((await coordinator.request('POST', '/api/v1/reminders/send', {})).status).toBe(403);

      const before = smtp.received.length;
      const sent = await coordinator.request('POST', '/api/v1/reminders/send', { planId: seeded.planId });
      expect(sent.status).toBe(200);
      expect(sent.body.sent.map((s: { to: string }) => s.to)).toEqual(['anne.c@haute-ecole.example']);
      const mail = smtp.received.slice(before);
      expect(mail).toHaveLength(1);
      expect(mail[0]!.to).toEqual(['anne.c@haute-ecole.example']);
      const body = mail[0]!.raw.replace(/=\r?\n/g, '');
      expect(body).toContain('En retard');
      expect(body).toMatch(/tutorat par les pairs/);
      expect(body).toContain('https://jalon.example');
    });

    it('serves a valid iCalendar feed per plan and per user at a secret address, revocable', async () => {
      const created = await coordinator.request('POST', '/api/v1/calendar-feeds', { planId: seeded.planId });
      expect(created.status).toBe(201);
      const feed = await fetch(`${server.baseUrl}${created.body.path}`);
      expect(feed.status).toBe(200);
      expect(feed.headers.get('content-type')).toMatch(/text\/calendar/);
      const calendar = new ICAL.Component(ICAL.parse(await feed.text()));
      const events = calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
      expect(events.map((e) => [e.summary, e.startDate.toString()])).toEqual([
        ['[LLN] LLN : tutorat par les pairs', '2026-06-30'],
      ]);
      expect(events[0]!.component.getFirstPropertyValue('url')).toBe(
        `https://jalon.example/plans/${seeded.planId}/actions/${seeded.actions.lln}`,
      );

      const anne = await client(users.contributor);
      const mine = await anne.request('POST', '/api/v1/calendar-feeds', {});
      const own = new ICAL.Component(
        ICAL.parse(await (await fetch(`${server.baseUrl}${mine.body.path}`)).text()),
      );
      expect(own.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e).summary)).toEqual([
        '[LLN] LLN : tutorat par les pairs',
      ]);

      expect(
        (await coordinator.request('DELETE', `/api/v1/calendar-feeds/${created.body.feed.id}`)).status,
      ).toBe(200);
      expect((await fetch(`${server.baseUrl}${created.body.path}`)).status).toBe(404);
      expect((await fetch(`${server.baseUrl}/calendar/not-a-token.ics`)).status).toBe(404);
    });
  });
});
