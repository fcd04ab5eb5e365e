import type { Database, DatabaseKind } from '../db/connection.ts';
import type { SmtpSettings } from '../notify/mailer.ts';
import type { SessionCache } from './auth/session-cache.ts';
import type { OidcSignIn } from './auth/oidc-sign-in.ts';
import type { SignInConfig } from './auth/sign-in-config.ts';
import type { ChangeBus } from './change-bus.ts';
import type { PlanCache } from './plan-cache.ts';

/** What every route needs: the database and facts about this server. */
export interface ServerContext {
  db: Database;
  databaseKind: DatabaseKind;
  version: string;
  /** Today as an ISO date (overdue computations); a function so tests can fix it. */
  today: () => string;
  plans: PlanCache;
  sessions: SessionCache;
  /** Writes announced by every server process on the database, this one included. */
  bus: ChangeBus;
  limits: { evidenceBytes: number };
  /** Where reminders are sent from; null when no SMTP server is configured. */
  smtp: SmtpSettings | null;
  /** The address users reach the web app at, for links in e-mails and calendar events. */
  appUrl: string | null;
  /** Sign-in besides passwords: OpenID Connect providers and the trusted-header mode. */
  signIn: { config: SignInConfig; oidc: OidcSignIn };
}
