// Runs every benchmark in bench/ (files named *-bench.ts) one after the other, each in its own
// process so that one's memory does not weigh on the next. `npm run bench [-- NAME…]` runs those named.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('-bench.ts') || f.endsWith('-fidelity.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();
let failed = 0;
for (const file of benches) {
  process.stdout.write(`\n== ${file}\n`);
  const run = spawnSync(process.execPath, ['--expose-gc', 'bin/run-ts', `bench/${file}`], {
    stdio: 'inherit',
  });
  if (run.status !== 0) failed++;
}
if (benches.length === 0) process.stderr.write('no benchmark matched\n');
process.exitCode = failed > 0 ? 1 : 0;
