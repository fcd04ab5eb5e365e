import { useState, type FormEvent } from 'react';
import {
  roleValues,
  scopeKindSchema,
  type Membership,
  type Role,
  type ScopeKind,
  type User,
} from '../../../src/core/api/auth.ts';
import {
  createInstitution,
  createMembership,
  createProgramme,
  createSite,
  createUser,
  deleteUser,
  fetchInstitutions,
  fetchMemberships,
  fetchPlans,
  fetchProgrammes,
  fetchSites,
  fetchUsers,
  revokeMembership,
} from '../api/jalon-api.ts';
import { ErrorMessage } from '../components/error-message.tsx';
import { useAsync } from '../components/use-async.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { useMe } from '../session/session-context.tsx';

interface Named {
  id: string;
  name: string;
}

/** What a role can be given over, by kind: the plans, institutions and programmes, by name. */
type ScopeTargets = Record<ScopeKind, Named[]>;

/**
 * Users and their accounts, their roles per institution, programme or plan, the institutions
 * with their programmes, and the sites (implantations). Removing anything asks first.
 */
export default function AdminPage() {
  const { t } = useI18n();
  const me = useMe();
  const [state, reload] = useAsync(async () => {
    const [users, memberships, sites, institutions, programmes, plans] = await Promise.all([
      fetchUsers(),
      fetchMemberships(),
      fetchSites(),
      fetchInstitutions().catch(() => ({ institutions: [] })),
      fetchProgrammes().catch(() => ({ programmes: [] })),
      fetchPlans().catch(() => ({ plans: [] })),
    ]);
    return {
      users: users.users,
      memberships: memberships.memberships,
      sites: sites.sites,
      institutions: institutions.institutions,
      programmes: programmes.programmes,
      plans: plans.plans,
    };
  }, []);
  if (me.user.role !== 'admin') return <ErrorMessage error={new Error(t('admin.forbidden'))} />;
  if (state.kind === 'loading') return <p role="status">{t('app.loading')}</p>;
  if (state.kind === 'error') return <ErrorMessage error={state.error} onRetry={reload} />;
  const { users, memberships, sites, institutions, programmes, plans } = state.data;
  const institutionName = (id: string) => institutions.find((i) => i.id === id)?.name ?? id;
  const targets: ScopeTargets = {
    plan: plans.map((plan) => ({ id: plan.id, name: plan.title })),
    institution: institutions,
    programme: programmes.map((p) => ({ id: p.id, name: `${p.name} (${institutionName(p.institutionId)})` })),
  };
  return (
    <div className="page admin-page">
      <h1>{t('admin.title')}</h1>
      <UsersSection users={users} onChanged={reload} />
      <MembershipsSection users={users} memberships={memberships} targets={targets} onChanged={reload} />
      <OrganisationsSection institutions={institutions} programmes={programmes} onChanged={reload} />
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
                  <td>{institutionName(site.institutionId)}</td>
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

/**
 * A removal asked for in a table: confirmed first, then the table reloaded and a line saying
 * what went, or the server's refusal in its own words (one's own account, the last admin).
 */
function useRemoval(onChanged: () => void) {
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pendingId, setPendingId] = useState<string | null>(null);
  const remove = async (id: string, question: string, done: string, request: () => Promise<unknown>) => {
    if (!window.confirm(question)) return;
    setError(null);
    setNotice(null);
    setPendingId(id);
    try {
      await request();
      setNotice(done);
      onChanged();
    } catch (failure) {
      setError(failure);
    } finally {
      setPendingId(null);
    }
  };
  const feedback = (
    <>
      {notice ? (
        <p role="status" className="notice">
          {notice}
        </p>
      ) : null}
      <ErrorMessage error={error} />
    </>
  );
  return { remove, pendingId, feedback };
}

function UsersSection({ users, onChanged }: { users: User[]; onChanged: () => void }) {
  const { t } = useI18n();
  const { remove, pendingId, feedback } = useRemoval(onChanged);
  return (
    <section aria-labelledby="users-title">
      <h2 id="users-title">{t('admin.users')}</h2>
      <table className="compact">
        <thead>
          <tr>
            <th scope="col">{t('admin.name')}</th>
            <th scope="col">{t('admin.email')}</th>
            <th scope="col">{t('admin.role')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('admin.tools')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <td>{user.name}</td>
              <td>{user.email}</td>
              <td>{user.role ? t(`role.${user.role}`) : '—'}</td>
              <td>
                <button
                  type="button"
                  className="danger small-button"
                  disabled={pendingId === user.id}
                  aria-label={t('admin.deleteUserLabel', { name: user.name })}
                  onClick={() =>
                    void remove(
                      user.id,
                      t('admin.deleteUserConfirm', { name: user.name, email: user.email }),
                      t('admin.userDeleted', { name: user.name }),
                      () => deleteUser(user.id),
                    )
                  }
                >
                  {t('admin.deleteUser')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {feedback}
      <AddUserForm onAdded={onChanged} />
    </section>
  );
}

function MembershipsSection({
  users,
  memberships,
  targets,
  onChanged,
}: {
  users: User[];
  memberships: Membership[];
  targets: ScopeTargets;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const { remove, pendingId, feedback } = useRemoval(onChanged);
  const userName = (id: string | undefined) => users.find((u) => u.id === id)?.name ?? id ?? '—';
  const targetName = (m: Membership) => targets[m.scope].find((target) => target.id === m.scopeId)?.name;
  return (
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
              <th scope="col">
                <span className="visually-hidden">{t('admin.tools')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {memberships.map((m, i) => {
              const who = userName(m.userId);
              const role = t(`role.${m.role}`);
              const over = `${t(`scope.${m.scope}`)} ${targetName(m) ?? m.scopeId}`;
              return (
                <tr key={m.id ?? i}>
                  <td>{who}</td>
                  <td>{role}</td>
                  <td>
                    {t(`scope.${m.scope}`)} —{' '}
                    {targetName(m) ?? <span className="muted small">{m.scopeId}</span>}
                  </td>
                  <td>{m.sites.join(', ') || '—'}</td>
                  <td>
                    {m.id ? (
                      <button
                        type="button"
                        className="danger small-button"
                        disabled={pendingId === m.id}
                        aria-label={t('admin.revokeLabel', { role, name: who })}
                        onClick={() =>
                          void remove(
                            m.id!,
                            t('admin.revokeConfirm', { role, name: who, over }),
                            t('admin.revoked', { role, name: who }),
                            () => revokeMembership(m.id!),
                          )
                        }
                      >
                        {t('admin.revoke')}
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {feedback}
      <AddMembershipForm users={users} targets={targets} onAdded={onChanged} />
    </section>
  );
}

function OrganisationsSection({
  institutions,
  programmes,
  onChanged,
}: {
  institutions: Named[];
  programmes: Array<{ id: string; institutionId: string; name: string }>;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="organisations-title">
      <h2 id="organisations-title">{t('admin.organisations')}</h2>
      {institutions.length === 0 ? (
        <p className="muted">{t('admin.none')}</p>
      ) : (
        <table className="compact">
          <thead>
            <tr>
              <th scope="col">{t('admin.institution')}</th>
              <th scope="col">{t('admin.programmes')}</th>
            </tr>
          </thead>
          <tbody>
            {institutions.map((institution) => {
              const own = programmes.filter((p) => p.institutionId === institution.id);
              return (
                <tr key={institution.id}>
                  <td>{institution.name}</td>
                  <td>{own.length > 0 ? own.map((p) => p.name).join(' · ') : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <div className="form-row">
        <AddInstitutionForm onAdded={onChanged} />
        {institutions.length > 0 ? (
          <AddProgrammeForm institutions={institutions} onAdded={onChanged} />
        ) : null}
      </div>
    </section>
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
  const feedback = (
    <>
      {notice ? (
        <p role="status" className="notice">
          {notice}
        </p>
      ) : null}
      <ErrorMessage error={error} />
    </>
  );
  return { feedback, run };
}

function AddUserForm({ onAdded }: { onAdded: () => void }) {
  const { t } = useI18n();
  const { feedback, run } = useSubmit(onAdded);
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
      {feedback}
    </form>
  );
}

function AddMembershipForm({
  users,
  targets,
  onAdded,
}: {
  users: Named[];
  targets: ScopeTargets;
  onAdded: () => void;
}) {
  const { t } = useI18n();
  const { feedback, run } = useSubmit(onAdded);
  const [scope, setScope] = useState<ScopeKind>('plan');
  return (
    <form
      className="inline-form"
      aria-label={t('admin.addMembership')}
      onSubmit={(e) =>
        void run(e, async (form) => {
          await createMembership({
            userId: String(form.get('userId')),
            scope,
            scopeId: String(form.get('scopeId') ?? ''),
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
        <select name="scope" value={scope} onChange={(e) => setScope(scopeKindSchema.parse(e.target.value))}>
          {scopeKindSchema.options.map((kind) => (
            <option key={kind} value={kind}>
              {t(`scope.${kind}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('admin.scopeTarget')}
        <select name="scopeId" required key={scope}>
          {targets[scope].map((target) => (
            <option key={target.id} value={target.id}>
              {target.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('admin.sites')}
        <input name="sites" />
      </label>
      <button type="submit" className="primary">
        {t('admin.add')}
      </button>
      {feedback}
    </form>
  );
}

function AddInstitutionForm({ onAdded }: { onAdded: () => void }) {
  const { t } = useI18n();
  const { feedback, run } = useSubmit(onAdded);
  return (
    <form
      className="inline-form"
      aria-label={t('admin.addInstitution')}
      onSubmit={(e) =>
        void run(e, async (form) => {
          const name = String(form.get('name') ?? '').trim();
          await createInstitution(name);
          return t('admin.institutionAdded', { name });
        })
      }
    >
      <h3>{t('admin.addInstitution')}</h3>
      <label>
        {t('admin.name')}
        <input name="name" required maxLength={300} />
      </label>
      <button type="submit" className="primary">
        {t('admin.add')}
      </button>
      {feedback}
    </form>
  );
}

function AddProgrammeForm({ institutions, onAdded }: { institutions: Named[]; onAdded: () => void }) {
  const { t } = useI18n();
  const { feedback, run } = useSubmit(onAdded);
  return (
    <form
      className="inline-form"
      aria-label={t('admin.addProgramme')}
      onSubmit={(e) =>
        void run(e, async (form) => {
          const name = String(form.get('name') ?? '').trim();
          await createProgramme({ institutionId: String(form.get('institutionId')), name });
          return t('admin.programmeAdded', { name });
        })
      }
    >
      <h3>{t('admin.addProgramme')}</h3>
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
        {t('admin.name')}
        <input name="name" required maxLength={300} />
      </label>
      <button type="submit" className="primary">
        {t('admin.add')}
      </button>
      {feedback}
    </form>
  );
}

function AddSiteForm({ institutions, onAdded }: { institutions: Named[]; onAdded: () => void }) {
  const { t } = useI18n();
  const { feedback, run } = useSubmit(onAdded);
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
      {feedback}
    </form>
  );
}
