import { useState, type FormEvent } from 'react';
import type { CalendarFeedResponse } from '../../../src/core/api/follow-up.ts';
import {
  createCalendarFeed,
  deleteCalendarFeed,
  fetchCalendarFeeds,
  fetchContacts,
  saveContacts,
  sendReminders,
} from '../api/follow-up-api.ts';
import { fetchPlans } from '../api/jalon-api.ts';
import { CopyField } from '../components/copy-field.tsx';
import { ErrorMessage } from '../components/error-message.tsx';
import { PlanHeader } from '../components/plan-header.tsx';
import { useAsync } from '../components/use-async.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { usePlanDocument } from '../plan/use-plan-document.ts';

/**
 * Who must act next: calendar subscriptions to the deadlines (for everyone, of this plan or of
 * my own actions), and for those who run the plan, the responsibles' addresses for the daily
 * e-mail reminders and a way to send them now.
 */
export default function RemindersPage({ planId }: { planId: string }) {
  const { t } = useI18n();
  const planDocument = usePlanDocument(planId);
  if (planDocument.state.kind === 'error') {
    return <ErrorMessage error={planDocument.state.error} onRetry={() => void planDocument.reload()} />;
  }
  if (planDocument.state.kind === 'loading') return <p role="status">{t('app.loading')}</p>;
  const { plan, permissions } = planDocument.state.data;
  return (
    <div className="page reminders-page">
      <PlanHeader planId={planId} plan={plan} />
      <h2>{t('reminders.title')}</h2>
      <CalendarFeeds planId={planId} />
      {permissions.canEditPlan ? <EmailReminders planId={planId} /> : null}
    </div>
  );
}

function CalendarFeeds({ planId }: { planId: string }) {
  const { t, formatDate } = useI18n();
  const [feeds, reloadFeeds] = useAsync(async () => {
    const [list, { plans }] = await Promise.all([fetchCalendarFeeds(), fetchPlans()]);
    return { feeds: list.feeds, titles: new Map(plans.map((p) => [p.id, p.title])) };
  }, [planId]);
  const [created, setCreated] = useState<(CalendarFeedResponse & { mine: boolean }) | null>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const create = async (mine: boolean) => {
    setPending(true);
    setError(null);
    try {
      const result = await createCalendarFeed(mine ? undefined : planId);
      setCreated({ ...result, mine });
      reloadFeeds();
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  };
  const revoke = async (feedId: string) => {
    if (!window.confirm(t('calendar.revokeConfirm'))) return;
    setError(null);
    try {
      await deleteCalendarFeed(feedId);
      if (created?.feed.id === feedId) setCreated(null);
      reloadFeeds();
    } catch (failure) {
      setError(failure);
    }
  };
  const url = created ? `${window.location.origin}${created.path}` : null;
  const feedName = (feedPlanId: string | null, titles: Map<string, string>) =>
    feedPlanId === null
      ? t('calendar.myActions')
      : feedPlanId === planId
        ? t('calendar.thisPlan')
        : (titles.get(feedPlanId) ?? t('calendar.otherPlan'));
  return (
    <section aria-labelledby="calendar-title" className="card calendar-section">
      <h3 id="calendar-title">{t('calendar.title')}</h3>
      <p>{t('calendar.intro')}</p>
      <div className="button-row">
        <button type="button" className="primary" disabled={pending} onClick={() => void create(false)}>
          {t('calendar.subscribePlan')}
        </button>
        <button type="button" disabled={pending} onClick={() => void create(true)}>
          {t('calendar.subscribeMine')}
        </button>
      </div>
      <ErrorMessage error={error} />
      {created && url ? (
        <div className="feed-created" role="status">
          <p>
            <strong>{created.mine ? t('calendar.createdMine') : t('calendar.createdPlan')}</strong>{' '}
            {t('calendar.shownOnce')}
          </p>
          <CopyField label={t('calendar.address')} value={url} />
          <p className="small">
            <a href={url.replace(/^https?:/, 'webcal:')}>{t('calendar.openInApp')}</a>
          </p>
        </div>
      ) : null}
      <h4>{t('calendar.mine')}</h4>
      {feeds.kind === 'loading' ? <p role="status">{t('app.loading')}</p> : null}
      {feeds.kind === 'error' ? <ErrorMessage error={feeds.error} onRetry={reloadFeeds} /> : null}
      {feeds.kind === 'ready' ? (
        feeds.data.feeds.length === 0 ? (
          <p className="muted">{t('calendar.none')}</p>
        ) : (
          <ul className="plain-list feed-list">
            {feeds.data.feeds.map((feed) => (
              <li key={feed.id}>
                {feedName(feed.planId, feeds.data.titles)}{' '}
                <span className="muted small">
                  — {t('calendar.createdOn', { date: formatDate(feed.createdAt) })}
                </span>{' '}
                <button
                  type="button"
                  className="danger"
                  onClick={() => void revoke(feed.id)}
                  aria-label={t('calendar.revokeLabel', {
                    name: feedName(feed.planId, feeds.data.titles),
                    date: formatDate(feed.createdAt),
                  })}
                >
                  {t('calendar.revoke')}
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </section>
  );
}

function EmailReminders({ planId }: { planId: string }) {
  const { t } = useI18n();
  const [state, reload] = useAsync(() => fetchContacts(planId), [planId]);
  if (state.kind === 'loading') return <p role="status">{t('app.loading')}</p>;
  if (state.kind === 'error') return <ErrorMessage error={state.error} onRetry={reload} />;
  return (
    <section aria-labelledby="reminders-mail-title" className="card reminders-section">
      <h3 id="reminders-mail-title">{t('reminders.mailTitle')}</h3>
      <p>{t('reminders.intro')}</p>
      <SendNow planId={planId} />
      <ContactsForm planId={planId} responsibles={state.data.responsibles} contacts={state.data.contacts} />
    </section>
  );
}

function ContactsForm({
  planId,
  responsibles,
  contacts,
}: {
  planId: string;
  responsibles: string[];
  /** The addresses as loaded; the form keeps its own copy from then on. */
  contacts: Array<{ responsible: string; email: string }>;
}) {
  const { t } = useI18n();
  const fold = (name: string) => name.trim().toLowerCase();
  // The plan's responsibles first, then addresses kept for names the plan no longer uses.
  const names = [
    ...responsibles,
    ...contacts.map((c) => c.responsible).filter((n) => !responsibles.some((r) => fold(r) === fold(n))),
  ];
  const [emails, setEmails] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      names.map((name) => [name, contacts.find((c) => fold(c.responsible) === fold(name))?.email ?? '']),
    ),
  );
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setError(null);
    setSaved('');
    try {
      const list = names
        .map((responsible) => ({ responsible, email: (emails[responsible] ?? '').trim() }))
        .filter((c) => c.email !== '');
      await saveContacts(planId, list);
      setSaved(t('reminders.saved', { count: list.length }));
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  };
  if (names.length === 0) return <p className="muted">{t('reminders.noResponsibles')}</p>;
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="contacts-title" className="contacts-form">
      <h4 id="contacts-title">{t('reminders.contacts')}</h4>
      <div className="table-scroll">
        <table className="compact contacts-table">
          <thead>
            <tr>
              <th scope="col">{t('reminders.responsible')}</th>
              <th scope="col">{t('reminders.email')}</th>
            </tr>
          </thead>
          <tbody>
            {names.map((name) => (
              <tr key={name}>
                <th scope="row">
                  {name}
                  {responsibles.includes(name) ? null : (
                    <span className="muted small"> ({t('reminders.notInPlan')})</span>
                  )}
                </th>
                <td>
                  <input
                    type="email"
                    aria-label={t('reminders.emailOf', { name })}
                    value={emails[name] ?? ''}
                    onChange={(e) => setEmails({ ...emails, [name]: e.target.value })}
                    autoComplete="off"
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ErrorMessage error={error} />
      <p role="status">{saved}</p>
      <button type="submit" className="primary" disabled={pending}>
        {pending ? t('action.saving') : t('reminders.save')}
      </button>
    </form>
  );
}

function SendNow({ planId }: { planId: string }) {
  const { t } = useI18n();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<Awaited<ReturnType<typeof sendReminders>> | null>(null);
  const send = async () => {
    setPending(true);
    setError(null);
    setResult(null);
    try {
      setResult(await sendReminders(planId));
    } catch (failure) {
      setError(failure);
    } finally {
      setPending(false);
    }
  };
  return (
    <div className="send-now">
      <h4>{t('reminders.sendTitle')}</h4>
      <p className="muted small">{t('reminders.sendHint')}</p>
      <button type="button" disabled={pending} onClick={() => void send()}>
        {pending ? t('reminders.sending') : t('reminders.send')}
      </button>
      <ErrorMessage error={error} />
      <div role="status" className="send-result">
        {result ? (
          result.sent.length > 0 ? (
            <div className="notice">
              <p>{t('reminders.sent', { count: result.sent.length })}</p>
              <ul className="cell-list">
                {result.sent.map((s) => (
                  <li key={s.to}>{s.to}</li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="notice warning-notice">
              {t('reminders.noneSent')}
              {result.reason ? ` ${result.reason}` : ''}
            </p>
          )
        ) : null}
        {result && result.failed.length > 0 ? (
          <div className="error-message">
            <p>
              <strong>{t('reminders.failed', { count: result.failed.length })}</strong>
            </p>
            <ul className="cell-list">
              {result.failed.map((f) => (
                <li key={f.to}>
                  {f.to} : {f.error}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
    </div>
  );
}
