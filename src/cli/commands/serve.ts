import type { Command } from 'commander';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { JalonError } from '../../core/errors.ts';
import { databaseOptionsFromEnv, openDatabase } from '../../db/connection.ts';
import { lockDataDir } from '../../db/data-dir-lock.ts';
import { smtpSettingsFromEnv } from '../../notify/mailer.ts';
import { buildApp } from '../../server/app.ts';
import { signInConfigFromEnv } from '../../server/auth/sign-in-config.ts';
import { loggerFromEnv } from '../../server/request-logging.ts';
import { startReminderScheduler } from '../../server/reminder-scheduler.ts';
import { seedDemoData, type DemoSeedResult } from '../../server/demo/seed-demo-data.ts';
import { progress } from '../output.ts';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

function printDemo(seed: DemoSeedResult): void {
  if (!seed.seeded) return;
  progress('');
  progress('Première ouverture : données de démonstration.');
  for (const title of seed.planTitles) progress(`  plan chargé : ${title}`);
  if (seed.notice) progress(`  ${seed.notice}`);
  progress('Comptes créés (mots de passe affichés cette seule fois) :');
  for (const a of seed.accounts) {
    progress(
      `  ${a.role.padEnd(12)} ${a.email.padEnd(30)} ${a.password}${a.sites.length ? `  (${a.sites.join(', ')})` : ''}`,
    );
  }
  progress('');
}

export function register(program: Command): void {
  program
    .command('serve')
    .description('serve the web app and the API (embedded database in JALON_DATA, or DATABASE_URL)')
    .option('-p, --port <port>', 'port to listen on (env PORT)', process.env.PORT ?? '3000')
    .option('--host <host>', 'address to listen on (env HOST)', process.env.HOST ?? '127.0.0.1')
    .option('--no-demo', 'do not load demo data into an empty database')
    .action(async (options: { port: string; host: string; demo: boolean }) => {
      const started = performance.now();
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw new JalonError('BAD_INPUT', {
          fr: `Port invalide : ${options.port} (un nombre de 0 à 65535).`,
          en: `Invalid port: ${options.port} (a number from 0 to 65535).`,
        });
      }
      const dbOptions = databaseOptionsFromEnv();
      const unlock = dbOptions.url ? () => {} : lockDataDir(dbOptions.dataDir!);
      const fresh = !dbOptions.url && !existsSync(path.join(dbOptions.dataDir!, 'PG_VERSION'));
      let database = await openDatabase(dbOptions);
      if (options.demo) printDemo(await seedDemoData(database.db));
      if (fresh) {
        // Creating the embedded cluster leaves PGlite holding ~900 MB; reopened it idles at ~400 MB.
        await database.close();
        database = await openDatabase(dbOptions);
      }
      const smtp = smtpSettingsFromEnv();
      const appUrl = process.env.JALON_PUBLIC_URL ?? null;
      const evidenceMb = process.env.JALON_EVIDENCE_MAX_MB ? Number(process.env.JALON_EVIDENCE_MAX_MB) : null;
      if (evidenceMb !== null && !(evidenceMb > 0)) {
        throw new JalonError('BAD_INPUT', {
          fr: `JALON_EVIDENCE_MAX_MB=${process.env.JALON_EVIDENCE_MAX_MB} : un nombre de mégaoctets est attendu.`,
          en: `JALON_EVIDENCE_MAX_MB=${process.env.JALON_EVIDENCE_MAX_MB}: expected a number of megabytes.`,
        });
      }
      const metricsToken = process.env.JALON_METRICS_TOKEN || null;
      if (metricsToken !== null && metricsToken.length < 16) {
        throw new JalonError('BAD_INPUT', {
          fr: 'JALON_METRICS_TOKEN est trop court : 16 caractères au moins (par exemple `openssl rand -hex 32`).',
          en: 'JALON_METRICS_TOKEN is too short: 16 characters at least (for instance `openssl rand -hex 32`).',
        });
      }
      const app = await buildApp({
        database,
        version: pkg.version,
        logger: loggerFromEnv(process.env.JALON_LOG, Boolean(process.stdout.isTTY)),
        trustProxy: process.env.JALON_TRUST_PROXY ?? 'loopback',
        smtp,
        appUrl,
        signIn: signInConfigFromEnv(),
        metricsToken,
        ...(evidenceMb ? { evidenceMaxBytes: Math.round(evidenceMb * 1024 * 1024) } : {}),
      });
      await app.listen({ port, host: options.host });
      const address = app.server.address();
      const shownPort = typeof address === 'object' && address ? address.port : port;
      progress(
        `Jalon ${pkg.version} prêt sur http://${options.host === '0.0.0.0' ? 'localhost' : options.host}:${shownPort} ` +
          `(base ${database.kind} : ${database.location}) en ${((performance.now() - started) / 1000).toFixed(1)} s`,
      );
      const hour = Number(process.env.JALON_REMINDER_HOUR ?? 7);
      const scheduler = smtp
        ? startReminderScheduler(database.db, {
            smtp,
            hour: Number.isInteger(hour) && hour >= 0 && hour < 24 ? hour : 7,
            appUrl,
            onRun: (result) =>
              progress(
                result instanceof Error
                  ? `rappels : échec — ${result.message}`
                  : `rappels : ${result.sent.length} envoyé(s), ${result.failed.length} échec(s)`,
              ),
          })
        : null;
      if (!smtp) progress('Rappels par e-mail désactivés : aucun serveur SMTP (JALON_SMTP_URL).');
      const graceSeconds = Number(process.env.JALON_SHUTDOWN_GRACE_S ?? 10);
      // Graceful stop: the port closes at once (the proxy sends new requests to another
      // instance), requests under way finish, the app's onClose hooks end its streams and the
      // change bus; connections still open after the grace period are cut. Then the database.
      let stopping = false;
      const stop = async (signal: NodeJS.Signals) => {
        if (stopping) return;
        stopping = true;
        progress(`${signal} : arrêt, les requêtes en cours se terminent…`);
        app.log.info({ signal }, 'shutting down: no new connections, finishing requests under way');
        scheduler?.stop();
        const cut = setTimeout(
          () => {
            app.log.warn('grace period over: cutting the connections still open');
            app.server.closeAllConnections();
          },
          (Number.isFinite(graceSeconds) && graceSeconds >= 0 ? graceSeconds : 10) * 1000,
        );
        let code = 0;
        try {
          await app.close();
        } catch (error) {
          code = 1;
          app.log.error({ err: error }, 'closing the server failed');
        }
        clearTimeout(cut);
        await database.close().catch((error: unknown) => {
          code = 1;
          app.log.error({ err: error }, 'closing the database failed');
        });
        unlock();
        progress('Jalon arrêté.');
        process.exit(code);
      };
      // A second signal while stopping is not caught again: it ends the process at once.
      process.once('SIGINT', (signal) => void stop(signal));
      process.once('SIGTERM', (signal) => void stop(signal));
    });
}
