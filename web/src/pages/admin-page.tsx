import { useState, type FormEvent } from 'react';
import { roleValues, scopeKindSchema, type Role, type ScopeKind } from '../../../src/core/api/auth.ts';
import {
  createMembership,
  createSite,
  createUser,
  fetchInstitutions,
  fetchMemberships,
  fetchSites,
  fetchUsers,
} from '../api/jalon-api.ts';
import { ErrorMessage } from '../components/error-message.tsx';
import { useAsync } from '../components/use-async.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useMe } from '../session/session-context.tsx';

/** Users, their roles per institution, programme or plan, and the sites (implantations). */
export default function AdminPage() {
  const { t } = useI18n();
  const me = useMe();
  const [state, reload] = useAsync(async () => {
    const [users, memberships, sites, institutions] = await Promise.all([
      fetchUsers(),
      fetchMemberships(),
      fetchSites(),
      fetchInstitutions().catch(() => ({ institutions: [] })),
    ]);
    return {
      users: users.users,
      memberships: memberships.memberships,
      sites: sites.sites,
      institutions: institutions.institutions,
    };
  }, []);
  if (me.user.role !== 'admin') return <ErrorMessage error={new Error(t('admin.forbidden'))} />;
  if (state.kind === 'loading') return <p role="status">{t('app.loading')}</p>;
  if (state.kind === 'error') return <ErrorMessage error={state.error} onRetry={reload} />;
  const { users, memberships, sites, institutions } = state.data;
  const userName = (id: string | undefined) => users.find((u) => u.id === id)?.name ?? id ?? '—';
  return (
    <div className="page admin-page">
      <h1>{t('admin.title')}</h1>
      <section aria-labelledby="users-title">
        <h2 id="users-title">{t('admin.users')}</h2>
        <table className="compact">
          <thead>
            <tr>
              <th scope="col">{t('admin.name')}</th>
              <th scope="col">{t('admin.email')}</th>
              <th scope="col">{t('admin.role')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id}>
                <td>{user.name}</td>
                <td>{user.email}</td>
                <td>{user.role ? t(`role.${user.role}`) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <AddUserForm onAdded={reload} />
      </section>
      <section aria-labelledby="memberships-title">
        <h2 id="memberships-title">{t('admin.memberships')}</h2>
        {memberships.length === 0 ? (
          <p className="muted">{t('admin.none')}</p>
        ) : (
          <table className="compact">
            <thead>
              <tr>
                <th scope="col">{t('admin.user')}</th>
                <th scope="col">{t('admin.membershipRole')}</th>
                <th scope="col">{t('admin.scope')}</th>
                <th scope="col">{t('plan.sites')}</th>
              </tr>
            </thead>
            <tbody>
              {memberships.map((m, i) => (
                <tr key={m.id ?? i}>
                  <td>{userName(m.userId)}</td>
                  <td>{t(`role.${m.role}`)}</td>
                  <td>
                    {t(`scope.${m.scope}`)} <span className="muted small">{m.scopeId}</span>
                  </td>
                  <td>{m.sites.join(', ') || '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <AddMembershipForm users={users} onAdded={reload} />
      </section>
      <section aria-labelledby="sites-title">
        <h2 id="sites-title">{t('admin.sitesTitle')}</h2>
        {sites.length === 0 ? (
          <p className="muted">{t('admin.none')}</p>
        ) : (
          <table className="compact">
            <thead>
              <tr>
                <th scope="col">{t('admin.code')}</th>
                <th scope="col">{t('admin.name')}</th>
                <th scope="col">{t('admin.institution')}</th>
              </tr>
            </thead>
            <tbody>
              {sites.map((site) => (
                <tr key={site.id}>
                  <td>{site.code}</td>
                  <td>{site.name}</td>
                  <td>{institutions.find((i) => i.id === site.institutionId)?.name ?? site.institutionId}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {institutions.length > 0 ? <AddSiteForm institutions={institutions} onAdded={reload} /> : null}
      </section>
    </div>
  );
}

function useSubmit(onAdded: () => void) {
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const run = async (
    event: FormEvent<HTMLFormElement>,
    action: (form: FormData) => Promise<string | null>,
  ) => {
    event.preventDefault();
    const element = event.currentTarget;
    setError(null);
    setNotice(null);
    try {
      setNotice(await action(new FormData(element)));
      element.reset();
      onAdded();
    } catch (failure) {
      setError(failure);
    }
  };
  return { error, notice, run };
}

function AddUserForm({ onAdded }: { onAdded: () => void }) {
  const { t } = useI18n();
  const { error, notice, run } = useSubmit(onAdded);
  return (
    <form
      className="inline-form"
      aria-label={t('admin.addUser')}
      onSubmit={(e) =>
        void run(e, async (form) => {
          const password = String(form.get('password') ?? '');
          const role = String(form.get('role') ?? '');
          const email = String(form.get('email') ?? '');
          const result = await createUser({
            email,
            name: String(form.get('name') ?? ''),
            role: role === 'admin' ? 'admin' : null,
            ...(password ? { password } : {}),
          });
          return result.password ? t('admin.generatedPassword', { email, password: result.password }) : null;
        })
      }
    >
      <h3>{t('admin.addUser')}</h3>
      <label>
        {t('admin.name')}
        <input name="name" required />
      </label>
      <label>
        {t('admin.email')}
        <input name="email" type="email" required />
      </label>
      <label>
        {t('admin.role')}
        <select name="role" defaultValue="">
          <option value="">{t('role.none')}</option>
          <option value="admin">{t('role.admin')}</option>
        </select>
      </label>
      <label>
        {t('admin.password')}
        <input name="password" type="password" minLength={10} autoComplete="new-password" />
      </label>
      <button type="submit" className="primary">
        {t('admin.add')}
      </button>
      {notice ? (
        <p role="status" className="notice">
          {notice}
        </p>
      ) : null}
      <ErrorMessage error={error} />
    </form>
  );
}

function AddMembershipForm({
  users,
  onAdded,
}: {
  users: Array<{ id: string; name: string }>;
  onAdded: () => void;
}) {
  const { t } = useI18n();
  const { error, run } = useSubmit(onAdded);
  return (
    <form
      className="inline-form"
      aria-label={t('admin.addMembership')}
      onSubmit={(e) =>
        void run(e, async (form) => {
          await createMembership({
            userId: String(form.get('userId')),
            scope: scopeKindSchema.parse(form.get('scope')) as ScopeKind,
            scopeId: String(form.get('scopeId') ?? '').trim(),
            role: String(form.get('role')) as Exclude<Role, 'admin'>,
            sites: String(form.get('sites') ?? '')
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
          });
          return null;
        })
      }
    >
      <h3>{t('admin.addMembership')}</h3>
      <label>
        {t('admin.user')}
        <select name="userId" required>
          {users.map((user) => (
            <option key={user.id} value={user.id}>
              {user.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('admin.membershipRole')}
        <select name="role">
          {roleValues
            .filter((role) => role !== 'admin')
            .map((role) => (
              <option key={role} value={role}>
                {t(`role.${role}`)}
              </option>
            ))}
        </select>
      </label>
      <label>
        {t('admin.scope')}
        <select name="scope" defaultValue="plan">
          {scopeKindSchema.options.map((scope) => (
            <option key={scope} value={scope}>
              {t(`scope.${scope}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('admin.scopeId')}
        <input name="scopeId" required />
      </label>
      <label>
        {t('admin.sites')}
        <input name="sites" />
      </label>
      <button type="submit" className="primary">
        {t('admin.add')}
      </button>
      <ErrorMessage error={error} />
    </form>
  );
}

function AddSiteForm({
  institutions,
  onAdded,
}: {
  institutions: Array<{ id: string; name: string }>;
  onAdded: () => void;
}) {
  const { t } = useI18n();
  const { error, run } = useSubmit(onAdded);
  return (
    <form
      className="inline-form"
      aria-label={t('admin.addSite')}
      onSubmit={(e) =>
        void run(e, async (form) => {
          await createSite({
            institutionId: String(form.get('institutionId')),
            code: String(form.get('code') ?? ''),
            name: String(form.get('name') ?? ''),
          });
          return null;
        })
      }
    >
      <h3>{t('admin.addSite')}</h3>
      <label>
        {t('admin.institution')}
        <select name="institutionId">
          {institutions.map((institution) => (
            <option key={institution.id} value={institution.id}>
              {institution.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('admin.code')}
        <input name="code" required />
      </label>
      <label>
        {t('admin.name')}
        <input name="name" required />
      </label>
      <button type="submit" className="primary">
        {t('admin.add')}
      </button>
      <ErrorMessage error={error} />
    </form>
  );
}
