import { sql } from 'drizzle-orm';
import type { Database } from '../../db/connection.ts';
import { countUsers } from '../../db/repositories/accounts.ts';
import { countPlans } from '../../db/repositories/plans.ts';
import { createUser } from '../commands/create-user.ts';
import { storeNewPlan } from '../commands/store-plan.ts';
import { readDemoPlans } from './demo-plans.ts';

export interface DemoAccount {
  email: string;
  role: string;
  sites: string[];
  password: string;
}

export interface DemoSeedResult {
  seeded: boolean;
  planTitles: string[];
  accounts: DemoAccount[];
  /** Why the demo plans are missing, when they are. */
  notice: string | null;
}

const DEMO_SITES = ['LLN', 'MONS', 'MONTIGNIES'];

/**
 * On a first start (no user, no plan): the two reference plans as demo data, an admin, a quality
 * coordinator and a site editor per campus of the 2026 plan, each with a random password that
 * the caller prints once. Does nothing on a database that has users or plans.
 */
export async function seedDemoData(db: Database): Promise<DemoSeedResult> {
  // One transaction under a lock: of several servers starting together on an empty database,
  // one loads the demo and the others, once it committed, find it there.
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${DEMO_SEED_LOCK})`);
    return seedDemoDataInTransaction(tx);
  });
}

/** The advisory lock's key (the migrations take 724101). */
const DEMO_SEED_LOCK = 724102;

async function seedDemoDataInTransaction(db: Database): Promise<DemoSeedResult> {
  if ((await countUsers(db)) > 0 || (await countPlans(db)) > 0) {
    return { seeded: false, planTitles: [], accounts: [], notice: null };
  }
  const plans = await readDemoPlans();
  const planTitles: string[] = [];
  let campusInstitutionId: string | null = null;
  for (const plan of plans) {
    const stored = await storeNewPlan(db, { actor: null, plan });
    planTitles.push(plan.title);
    if (!campusInstitutionId && DEMO_SITES.every((code) => plan.sites.some((s) => s.code === code))) {
      campusInstitutionId = stored.institutionId;
    }
  }
  const accounts: DemoAccount[] = [];
  const admin = await createUser(db, {
    actor: null,
    email: 'admin@jalon.example',
    name: 'Administration',
    role: 'admin',
  });
  accounts.push({ email: admin.user.email, role: 'admin', sites: [], password: admin.password! });
  if (campusInstitutionId) {
    const coordinator = await createUser(db, {
      actor: null,
      email: 'coordination@jalon.example',
      name: 'Coordination qualité',
      role: 'coordinator',
      scope: { kind: 'institution', id: campusInstitutionId },
    });
    accounts.push({
      email: coordinator.user.email,
      role: 'coordinator',
      sites: [],
      password: coordinator.password!,
    });
    for (const code of DEMO_SITES) {
      const editor = await createUser(db, {
        actor: null,
        email: `${code.toLowerCase()}@jalon.example`,
        name: `Coordination ${code}`,
        role: 'site_editor',
        scope: { kind: 'institution', id: campusInstitutionId, sites: [code] },
      });
      accounts.push({
        email: editor.user.email,
        role: 'site_editor',
        sites: [code],
        password: editor.password!,
      });
    }
  }
  return {
    seeded: true,
    planTitles,
    accounts,
    notice: plans.length === 0 ? 'plans de démonstration introuvables (dossier demo/ absent).' : null,
  };
}
