import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { reportError } from './output.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/**
 * The commands, each in src/cli/commands/<noun>.ts exporting `register(program)`. They are loaded
 * only when named, so `jalon --version` and `jalon --help` stay fast.
 */
const commands: Record<
  string,
  { summary: string; load: () => Promise<{ register: (program: Command) => void }> }
> = {
  serve: { summary: 'serve the web app and the API', load: () => import('./commands/serve.ts') },
  import: {
    summary: 'read a plan file (docx, xlsx, csv, tsv, txt, md, pdf, json)',
    load: () => import('./commands/import.ts'),
  },
  export: {
    summary: 'write a plan as docx, pdf, xlsx, csv, json, md or html',
    load: () => import('./commands/export.ts'),
  },
  users: { summary: 'manage user accounts', load: () => import('./commands/users.ts') },
  plans: {
    summary: 'list stored plans; freeze and publish versions',
    load: () => import('./commands/plans.ts'),
  },
  cluster: {
    summary: 'clusters of plans from several institutions: create, list, show',
    load: () => import('./commands/cluster.ts'),
  },
  diff: { summary: 'what changed between two plans or versions', load: () => import('./commands/diff.ts') },
  reminders: {
    summary: 'e-mail responsibles their actions due soon or overdue',
    load: () => import('./commands/reminders.ts'),
  },
  backup: { summary: 'save the whole database to a file', load: () => import('./commands/backup.ts') },
  restore: {
    summary: 'restore a backup into an empty database',
    load: () => import('./commands/restore.ts'),
  },
};

const program = new Command('jalon')
  .description('Jalon: quality action plans for higher education')
  .version(pkg.version, '-v, --version')
  .showHelpAfterError()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

const requested = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
for (const [name, entry] of Object.entries(commands)) {
  if (name === requested) {
    const module = await entry.load();
    module.register(program);
  } else {
    program.command(name).description(entry.summary).helpOption(false).allowUnknownOption();
  }
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  reportError(error, process.argv.includes('--json'));
}
