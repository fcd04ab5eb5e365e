import type { Command } from 'commander';
import { JalonError } from '../../core/errors.ts';

export function register(program: Command): void {
  program
    .command('export')
    .description('not available yet')
    .action(() => {
      throw new JalonError('BAD_INPUT', '`jalon export` is not available yet in this version.');
    });
}
