import { useState, type FormEvent } from 'react';
import {
  roleValues,
  scopeKindSchema,
  type Membership,
  type Role,
  type ScopeKind,
  type User,
} from '../../../src/core/api/auth.ts';
import type { RoleRule, SignInOptionsResponse } from '../../../src/core/api/sign-in.ts';
import {
  createInstitution,
  createMembership,
  createProgramme,
  createRoleRule,
  createSite,
  createUser,
  deleteRoleRule,
  deleteUser,
  fetchInstitutions,
  fetchMemberships,
  fetchPlans,
  fetchProgrammes,
  fetchRoleRules,
  fetchSignInOptions,
  fetchSites,
  fetchUsers,
  reactivateUser,
  revokeMembership,
  setPasswordSignIn,
  suspendUser,
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
    const [users, memberships, sites, institutions, programmes, plans, rules, signIn] = await Promise.all([
      fetchUsers(),
      fetchMemberships(),
      fetchSites(),
      fetchInstitutions().catch(() => ({ institutions: [] })),
      fetchProgrammes().catch(() => ({ programmes: [] })),
      fetchPlans().catch(() => ({ plans: [] })),
      fetchRoleRules(),
      fetchSignInOptions(),
    ]);
    return {
      rules: rules.rules,
      signIn,
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
  const { users, memberships, sites, institutions, programmes, plans, rules, signIn } = state.data;
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
      <WaitingSection users={users} memberships={memberships} targets={targets} onChanged={reload} />
      <MembershipsSection users={users} memberships={memberships} targets={targets} onChanged={reload} />
      <OrganisationsSection institutions={institutions} programmes={programmes} onChanged={reload} />
      <SignInSection options={signIn} rules={rules} targets={targets} onChanged={reload} />
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
 * A removal (or a suspension) asked for in a table: confirmed first, then the table reloaded and
 * a line saying what was done, or the server's refusal in its own words (one's own account, the
 * last admin).
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
  const { t, formatDate } = useI18n();
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
            <th scope="col">{t('admin.accountState')}</th>
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
                {user.suspendedAt ? (
                  <span className="badge suspended-badge">
                    {t('admin.suspendedSince', { date: formatDate(user.suspendedAt) })}
                  </span>
                ) : (
                  t('admin.active')
                )}
              </td>
              <td className="account-tools">
                {user.suspendedAt ? (
                  <button
                    type="button"
                    className="small-button"
                    disabled={pendingId === user.id}
                    aria-label={t('admin.reactivateLabel', { name: user.name })}
                    onClick={() =>
                      void remove(
                        user.id,
                        t('admin.reactivateConfirm', { name: user.name }),
                        t('admin.reactivated', { name: user.name }),
                        () => reactivateUser(user.id),
                      )
                    }
                  >
                    {t('admin.reactivate')}
                  </button>
                ) : (
                  <button
                    type="button"
                    className="small-button"
                    disabled={pendingId === user.id}
                    aria-label={t('admin.suspendLabel', { name: user.name })}
                    onClick={() =>
                      void remove(
                        user.id,
                        t('admin.suspendConfirm', { name: user.name, email: user.email }),
                        t('admin.suspended', { name: user.name }),
                        () => suspendUser(user.id),
                      )
                    }
                  >
                    {t('admin.suspend')}
                  </button>
                )}{' '}
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
  // Roles over a cluster are given with the API or `jalon users`; they show by id here.
  const targetName = (m: Membership) =>
    m.scope === 'cluster' ? undefined : targets[m.scope].find((target) => target.id === m.scopeId)?.name;
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
      <ScopeFields scope={scope} onScope={setScope} targets={targets} />
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

/**
 * Accounts without any role — made at a first sign-in no rule covered, or added without one —
 * see no plan until an administrator gives them one: listed first, each with its own form.
 */
function WaitingSection({
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
  const waiting = users.filter(
    (user) => user.role !== 'admin' && !user.suspendedAt && !memberships.some((m) => m.userId === user.id),
  );
  return (
    <section aria-labelledby="waiting-title">
      <h2 id="waiting-title">{t('admin.waitingTitle')}</h2>
      <p className="muted">{t('admin.waitingHelp')}</p>
      {waiting.length === 0 ? (
        <p className="muted">{t('admin.none')}</p>
      ) : (
        <ul className="waiting-list">
          {waiting.map((user) => (
            <li key={user.id}>
              <GiveRoleForm user={user} targets={targets} onAdded={onChanged} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function GiveRoleForm({
  user,
  targets,
  onAdded,
}: {
  user: User;
  targets: ScopeTargets;
  onAdded: () => void;
}) {
  const { t } = useI18n();
  const { feedback, run } = useSubmit(onAdded);
  const [scope, setScope] = useState<ScopeKind>('plan');
  const label = t('admin.giveRoleTo', { name: user.name });
  return (
    <form
      className="inline-form"
      aria-label={label}
      onSubmit={(e) =>
        void run(e, async (form) => {
          const role = String(form.get('role')) as Exclude<Role, 'admin'>;
          await createMembership({
            userId: user.id,
            scope,
            scopeId: String(form.get('scopeId') ?? ''),
            role,
            sites: splitSites(form.get('sites')),
          });
          return t('admin.roleGiven', { name: user.name, role: t(`role.${role}`) });
        })
      }
    >
      <h3>
        {user.name} <span className="muted small">{user.email}</span>
      </h3>
      <RoleSelect name="role" withAdmin={false} />
      <ScopeFields scope={scope} onScope={setScope} targets={targets} />
      <button type="submit" className="primary">
        {t('admin.giveRole')}
      </button>
      {feedback}
    </form>
  );
}

const splitSites = (value: FormDataEntryValue | null) =>
  String(value ?? '')
    .split(',')
    .map((site) => site.trim())
    .filter(Boolean);

function RoleSelect({
  name,
  withAdmin,
  value,
  onChange,
}: {
  name: string;
  withAdmin: boolean;
  value?: Role;
  onChange?: (role: Role) => void;
}) {
  const { t } = useI18n();
  return (
    <label>
      {t('admin.membershipRole')}
      <select
        name={name}
        {...(value !== undefined ? { value } : {})}
        onChange={onChange ? (e) => onChange(e.target.value as Role) : undefined}
      >
        {roleValues
          .filter((role) => withAdmin || role !== 'admin')
          .map((role) => (
            <option key={role} value={role}>
              {t(`role.${role}`)}
            </option>
          ))}
      </select>
    </label>
  );
}

/** Over what a role applies: the kind (plan, institution, programme), which one, and the sites. */
function ScopeFields({
  scope,
  onScope,
  targets,
}: {
  scope: ScopeKind;
  onScope: (scope: ScopeKind) => void;
  targets: ScopeTargets;
}) {
  const { t } = useI18n();
  return (
    <>
      <label>
        {t('admin.scope')}
        <select name="scope" value={scope} onChange={(e) => onScope(scopeKindSchema.parse(e.target.value))}>
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
    </>
  );
}

/**
 * How people sign in: the identity providers (from the server's configuration, read-only here),
 * password sign-in on or off, and the rules giving a role to an account made at its first
 * sign-in (a group or an e-mail domain → a role over an institution, a programme or a plan).
 */
function SignInSection({
  options,
  rules,
  targets,
  onChanged,
}: {
  options: SignInOptionsResponse;
  rules: RoleRule[];
  targets: ScopeTargets;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const { remove, pendingId, feedback } = useRemoval(onChanged);
  const providers = [
    ...options.providers.map((p) => ({ id: p.id, name: p.name, kind: t('admin.providerOidc') })),
    ...(options.trustedHeader
      ? [{ id: 'header', name: options.trustedHeader.name, kind: t('admin.providerHeader') }]
      : []),
  ];
  const providerName = (id: string | null) =>
    id === null ? t('admin.ruleAnyProvider') : (providers.find((p) => p.id === id)?.name ?? id);
  const condition = (rule: RoleRule) =>
    t(rule.matchKind === 'group' ? 'admin.ruleGroup' : 'admin.ruleDomain', { value: rule.matchValue });
  const over = (rule: RoleRule) =>
    rule.scope === null || rule.scopeId === null
      ? '—'
      : `${t(`scope.${rule.scope}`)} — ${targets[rule.scope].find((x) => x.id === rule.scopeId)?.name ?? rule.scopeId}`;
  return (
    <section aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">{t('admin.signInTitle')}</h2>
      <h3>{t('admin.providersTitle')}</h3>
      {providers.length === 0 ? (
        <p className="muted">{t('admin.noProviders')}</p>
      ) : (
        <ul>
          {providers.map((p) => (
            <li key={p.id}>
              {p.name}{' '}
              <span className="muted small">
                ({p.kind}, {p.id})
              </span>
            </li>
          ))}
        </ul>
      )}
      <p className="muted small">{t('admin.providersFromConfig')}</p>
      <PasswordSignInForm enabled={options.passwordSignIn} onSaved={onChanged} />

      <h3 id="rules-title">{t('admin.rulesTitle')}</h3>
      <p className="muted">{t('admin.rulesHelp')}</p>
      {rules.length === 0 ? (
        <p className="muted">{t('admin.none')}</p>
      ) : (
        <table className="compact" aria-labelledby="rules-title">
          <thead>
            <tr>
              <th scope="col">{t('admin.ruleProvider')}</th>
              <th scope="col">{t('admin.ruleCondition')}</th>
              <th scope="col">{t('admin.membershipRole')}</th>
              <th scope="col">{t('admin.scope')}</th>
              <th scope="col">{t('plan.sites')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('admin.tools')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rules.map((rule) => (
              <tr key={rule.id}>
                <td>{providerName(rule.provider)}</td>
                <td>{condition(rule)}</td>
                <td>{t(`role.${rule.role}`)}</td>
                <td>{over(rule)}</td>
                <td>{rule.sites.join(', ') || '—'}</td>
                <td>
                  <button
                    type="button"
                    className="danger small-button"
                    disabled={pendingId === rule.id}
                    aria-label={t('admin.deleteRuleLabel', { condition: condition(rule) })}
                    onClick={() =>
                      void remove(
                        rule.id,
                        t('admin.deleteRuleConfirm', {
                          condition: condition(rule),
                          role: t(`role.${rule.role}`),
                        }),
                        t('admin.ruleDeleted', { condition: condition(rule) }),
                        () => deleteRoleRule(rule.id),
                      )
                    }
                  >
                    {t('admin.deleteRule')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {feedback}
      <AddRuleForm providers={providers} targets={targets} onAdded={onChanged} />
    </section>
  );
}

function PasswordSignInForm({ enabled, onSaved }: { enabled: boolean; onSaved: () => void }) {
  const { t } = useI18n();
  const { feedback, run } = useSubmit(onSaved);
  const [checked, setChecked] = useState(enabled);
  return (
    <form
      className="inline-form"
      aria-label={t('admin.passwordSignInTitle')}
      onSubmit={(e) =>
        void run(e, async () => {
          const answer = await setPasswordSignIn(checked);
          return t(answer.passwordSignIn ? 'admin.passwordSignInOn' : 'admin.passwordSignInOff');
        })
      }
    >
      <h3>{t('admin.passwordSignInTitle')}</h3>
      <label className="checkbox">
        <input type="checkbox" checked={checked} onChange={(e) => setChecked(e.target.checked)} />{' '}
        {t('admin.passwordSignInAllowed')}
      </label>
      <p className="muted small">{t('admin.passwordSignInHelp')}</p>
      <button type="submit" className="primary">
        {t('admin.save')}
      </button>
      {feedback}
    </form>
  );
}

function AddRuleForm({
  providers,
  targets,
  onAdded,
}: {
  providers: Array<{ id: string; name: string }>;
  targets: ScopeTargets;
  onAdded: () => void;
}) {
  const { t } = useI18n();
  const { feedback, run } = useSubmit(onAdded);
  const [role, setRole] = useState<Role>('reader');
  const [scope, setScope] = useState<ScopeKind>('plan');
  return (
    <form
      className="inline-form"
      aria-label={t('admin.addRule')}
      onSubmit={(e) =>
        void run(e, async (form) => {
          const provider = String(form.get('provider') ?? '');
          const admin = role === 'admin';
          await createRoleRule({
            provider: provider || null,
            matchKind: form.get('matchKind') === 'email_domain' ? 'email_domain' : 'group',
            matchValue: String(form.get('matchValue') ?? ''),
            role,
            scope: admin ? null : scope,
            scopeId: admin ? null : String(form.get('scopeId') ?? ''),
            sites: admin ? [] : splitSites(form.get('sites')),
          });
          setRole('reader');
          return null;
        })
      }
    >
      <h3>{t('admin.addRule')}</h3>
      <label>
        {t('admin.ruleProvider')}
        <select name="provider" defaultValue="">
          <option value="">{t('admin.ruleAnyProvider')}</option>
          {providers.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('admin.ruleMatchKind')}
        <select name="matchKind" defaultValue="group">
          <option value="group">{t('admin.ruleMatchGroup')}</option>
          <option value="email_domain">{t('admin.ruleMatchDomain')}</option>
        </select>
      </label>
      <label>
        {t('admin.ruleMatchValue')}
        <input name="matchValue" required maxLength={300} />
      </label>
      <RoleSelect name="role" withAdmin value={role} onChange={setRole} />
      {role === 'admin' ? null : <ScopeFields scope={scope} onScope={setScope} targets={targets} />}
      <button type="submit" className="primary">
        {t('admin.add')}
      </button>
      {feedback}
    </form>
  );
}
