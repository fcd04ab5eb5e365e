import type { Command } from 'commander';
import { roleSchema } from '../../core/api/auth.ts';
import { JalonError } from '../../core/errors.ts';
import { withDatabase } from '../database.ts';
import { listMemberships, listUsers } from '../../db/repositories/accounts.ts';
import { createUser } from '../../server/commands/create-user.ts';
import { resetPassword } from '../../server/commands/reset-password.ts';
import { printJson, progress } from '../output.ts';

function parseScope(text: string | undefined) {
  if (!text) return undefined;
  const match = /^(institution|programme|plan|cluster):(.+)$/.exec(text);
  if (!match)
    throw new JalonError('BAD_INPUT', {
      fr: `--scope attend institution:ID, programme:ID, plan:ID ou cluster:ID (reçu « ${text} »).`,
      en: `--scope expects institution:ID, programme:ID, plan:ID or cluster:ID (received "${text}").`,
    });
  return { kind: match[1] as 'institution' | 'programme' | 'plan' | 'cluster', id: match[2]! };
}

export function register(program: Command): void {
  const users = program
    .command('users')
    .description('manage user accounts (embedded database in JALON_DATA, or DATABASE_URL)');

  users
    .command('add')
    .description('create an account; prints the generated password when none is given')
    .requiredOption('--email <email>', 'e-mail address (sign-in name)')
    .option('--name <name>', 'display name')
    .option('--role <role>', 'admin, or coordinator|site_editor|contributor|reader with --scope', 'admin')
    .option(
      '--scope <scope>',
      'institution:ID, programme:ID, plan:ID or cluster:ID (a cluster role reads its plans)',
    )
    .option('--sites <codes>', 'site codes for a site editor, comma-separated')
    .option('--password <password>', 'password (generated when absent)')
    .option('--json', 'machine output')
    .action(
      async (options: {
        email: string;
        name?: string;
        role: string;
        scope?: string;
        sites?: string;
        password?: string;
        json?: boolean;
      }) => {
        const role = roleSchema.safeParse(options.role);
        if (!role.success)
          throw new JalonError('BAD_INPUT', {
            fr: `Rôle inconnu : ${options.role} (admin, coordinator, site_editor, contributor, reader).`,
            en: `Unknown role: ${options.role} (admin, coordinator, site_editor, contributor, reader).`,
          });
        const scope = parseScope(options.scope);
        const result = await withDatabase((h) =>
          createUser(h.db, {
            actor: null,
            email: options.email,
            name: options.name,
            role: role.data,
            password: options.password,
            scope: scope
              ? {
                  ...scope,
                  sites:
                    options.sites
                      ?.split(',')
                      .map((s) => s.trim())
                      .filter(Boolean) ?? [],
                }
              : undefined,
          }),
        );
        if (options.json) {
          printJson({
            id: result.user.id,
            email: result.user.email,
            role: role.data,
            ...(result.password ? { password: result.password } : {}),
          });
          return;
        }
        process.stdout.write(`Compte créé : ${result.user.email} (${role.data})\n`);
        if (result.password) {
          process.stdout.write(`Mot de passe : ${result.password}\n`);
          progress('Notez-le : il ne sera plus affiché.');
        }
      },
    );

  users
    .command('password')
    .description(
      'set a new password for an account (closes its sessions); prints a generated one when none is given',
    )
    .requiredOption('--email <email>', 'the account')
    .option('--password <password>', 'the new password (at least 10 characters; generated when absent)')
    .option('--json', 'machine output')
    .action(async (options: { email: string; password?: string; json?: boolean }) => {
      const result = await withDatabase((h) =>
        resetPassword(h.db, { email: options.email, password: options.password }),
      );
      if (options.json) return printJson(result.password ? result : { email: result.email });
      process.stdout.write(`Mot de passe changé : ${result.email}\n`);
      if (result.password) {
        process.stdout.write(`Nouveau mot de passe : ${result.password}\n`);
        progress('Notez-le : il ne sera plus affiché.');
      }
    });

  users
    .command('list')
    .description('list accounts with their roles')
    .option('--json', 'machine output')
    .action(async (options: { json?: boolean }) => {
      const rows = await withDatabase(async (h) => {
        const all = await listUsers(h.db);
        const memberships = await listMemberships(h.db, {});
        return all.map((u) => ({
          id: u.id,
          email: u.email,
          name: u.name,
          admin: u.isAdmin,
          memberships: memberships
            .filter((m) => m.userId === u.id)
            .map((m) => ({ scope: m.scope, scopeId: m.scopeId, role: m.role, sites: m.sites })),
        }));
      });
      if (options.json) return printJson({ users: rows });
      if (rows.length === 0) return void process.stdout.write('Aucun compte.\n');
      for (const u of rows) {
        const roles = [
          ...(u.admin ? ['admin'] : []),
          ...u.memberships.map(
            (m) => `${m.role}@${m.scope}${m.sites.length ? `[${m.sites.join(',')}]` : ''}`,
          ),
        ];
        process.stdout.write(`${u.email.padEnd(32)} ${u.name.padEnd(28)} ${roles.join(' ') || '—'}\n`);
      }
    });
}
