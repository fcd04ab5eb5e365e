import type { Command } from 'commander';
import { JalonError } from '../../core/errors.ts';

export function register(program: Command): void {
  program
    .command('import')
    .description('not available yet')
    .action(() => {
      throw new JalonError('BAD_INPUT', '`jalon import` is not available yet in this version.');
    });
}
