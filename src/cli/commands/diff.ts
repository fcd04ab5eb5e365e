import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { diffFormatSchema } from '../../core/api/follow-up.ts';
import { JalonError } from '../../core/errors.ts';
import { diffPlans } from '../../core/plan-diff.ts';
import { exportDiff } from '../../export/index.ts';
import { printJson, progress } from '../output.ts';
import { loadPlanSource } from '../plan-source.ts';

export function register(program: Command): void {
  program
    .command('diff')
    .description(
      'what changed between two plans or versions: actions added, removed, status and text changes',
    )
    .argument('<before>', 'the earlier plan: a file, a stored plan (id or title) or PLAN@VERSION')
    .argument('<after>', 'the later plan, named the same way')
    .option('--to <format>', `output format: ${diffFormatSchema.options.join('|')}`, 'md')
    .option('-o, --output <file>', 'write to this file (default: standard output for json and md)')
    .option('--json', 'the diff as JSON on standard output (same as --to json)')
    .action(
      async (before: string, after: string, options: { to: string; output?: string; json?: boolean }) => {
        const format = diffFormatSchema.safeParse(options.json ? 'json' : options.to.toLowerCase());
        if (!format.success) {
          throw new JalonError('UNSUPPORTED_FORMAT', {
            fr: `--to ${options.to} : choisissez parmi ${diffFormatSchema.options.join(', ')}.`,
            en: `--to ${options.to}: use one of ${diffFormatSchema.options.join(', ')}.`,
          });
        }
        if (!options.output && (format.data === 'docx' || format.data === 'pdf' || format.data === 'html')) {
          throw new JalonError('BAD_INPUT', {
            fr: `--to ${format.data} écrit un fichier : nommez-le avec -o FICHIER.`,
            en: `--to ${format.data} writes a file: give it with -o FILE.`,
          });
        }
        progress(`lecture de ${before} …`);
        const from = await loadPlanSource(before);
        progress(`lecture de ${after} …`);
        const to = await loadPlanSource(after);
        const diff = diffPlans(from.plan, to.plan);
        const labels = { planTitle: to.plan.title, from: from.label, to: to.label };
        if (format.data === 'json' && !options.output) {
          printJson({ ...labels, diff });
          return;
        }
        const file = await exportDiff(diff, labels, format.data);
        if (options.output) {
          await writeFile(options.output, file.bytes);
          progress(`${options.output} (${format.data}, ${file.bytes.byteLength} octets)`);
        } else {
          process.stdout.write(Buffer.from(file.bytes));
        }
      },
    );
}
