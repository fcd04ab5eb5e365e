import type { AddressInfo } from 'node:net';
import { openDatabase, type DatabaseHandle } from '../../../src/db/connection.ts';
import { buildApp } from '../../../src/server/app.ts';
import type { SignInConfig } from '../../../src/server/auth/sign-in-config.ts';
import { createUser } from '../../../src/server/commands/create-user.ts';
import { webDist } from './build-web.ts';

export interface RunningJalon {
  /** "http://127.0.0.1:PORT" */
  url: string;
  database: DatabaseHandle;
  /** Creates a global administrator straight in the database, as `jalon users add --role admin` does. */
  addAdmin: (email: string, name: string, password: string) => Promise<void>;
  close: () => Promise<void>;
}

/**
 * The real server, in this process, on a random loopback port, over an in-memory embedded
 * database (or the PostgreSQL one at `options.databaseUrl`), serving the web app built in `options.webDist` (web/dist by default); `signIn` adds
 * identity providers or the trusted-header mode, as `JALON_OIDC_*` would for `jalon serve`.
 */
export async function startJalon(
  options: { webDist?: string; signIn?: SignInConfig; databaseUrl?: string } = {},
): Promise<RunningJalon> {
  // On a PostgreSQL database several of these can run side by side, as instances behind a proxy.
  const database = await openDatabase(
    options.databaseUrl ? { url: options.databaseUrl } : { dataDir: 'memory' },
  );
  const app = await buildApp({
    database,
    version: 'e2e',
    webDist: options.webDist ?? webDist,
    loginPerMinute: 1000,
    ...(options.signIn ? { signIn: options.signIn } : {}),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    database,
    addAdmin: async (email, name, password) => {
      await createUser(database.db, { actor: null, email, name, role: 'admin', password });
    },
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
