import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { JalonError } from '../../core/errors.ts';
import {
  exportFormats,
  exportLayouts,
  exportPlan,
  type ExportFormat,
  type ExportLayout,
} from '../../export/index.ts';
import { printJson, progress } from '../output.ts';
import { loadPlanSource } from '../plan-source.ts';

interface ExportCommandOptions {
  to: string;
  output?: string;
  layout: string;
  public?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('export')
    .description('write a plan as docx, pdf, xlsx, csv, json, md or html')
    .argument(
      '<source>',
      'a plan file (any importable format), or a stored plan: its id or title, PLAN@VERSION for a frozen version',
    )
    .requiredOption('--to <format>', `output format: ${exportFormats.join('|')}`)
    .option(
      '-o, --output <file>',
      'output file (default: a name made from the plan title, in the current folder)',
    )
    .option(
      '--layout <layout>',
      `column template of the detailed tables: ${exportLayouts.join('|')}`,
      'original',
    )
    .option('--public', 'the published version: without internal notes, comments and import warnings')
    .option('--json', 'print the result as JSON')
    .action(async (source: string, options: ExportCommandOptions) => {
      const format = options.to.toLowerCase().replace(/^markdown$/, 'md') as ExportFormat;
      if (!exportFormats.includes(format)) {
        throw new JalonError('UNSUPPORTED_FORMAT', {
          fr: `--to ${options.to} : choisissez parmi ${exportFormats.join(', ')}.`,
          en: `--to ${options.to}: use one of ${exportFormats.join(', ')}.`,
        });
      }
      if (!exportLayouts.includes(options.layout as ExportLayout)) {
        throw new JalonError('BAD_INPUT', {
          fr: `--layout ${options.layout} : choisissez original ou aeqes.`,
          en: `--layout ${options.layout}: use original or aeqes.`,
        });
      }
      const { plan } = await loadPlanSource(source);
      const started = performance.now();
      const result = await exportPlan(plan, {
        format,
        layout: options.layout as ExportLayout,
        public: options.public ?? false,
      });
      const output = options.output ?? result.fileName;
      await writeFile(output, result.bytes);
      const ms = Math.round(performance.now() - started);
      if (options.json) {
        printJson({
          file: path.resolve(output),
          format,
          bytes: result.bytes.byteLength,
          milliseconds: ms,
          warnings: result.warnings,
        });
      } else {
        for (const warning of result.warnings) progress(`attention : ${warning.message}`);
        progress(`${output} (${format}, ${result.bytes.byteLength} octets, ${ms} ms)`);
      }
    });
}
