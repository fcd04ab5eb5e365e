#!/usr/bin/env node
// Makes sure what the test suite needs beyond npm is present: a running PostgreSQL server,
// Debian's chromium, LibreOffice (writer + calc) and poppler-utils. Installs or starts what is
// missing when it can (root with apt-get), and otherwise says exactly what is missing.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const needs = [
  { what: 'Chromium (browser tests)', test: () => existsSync('/usr/bin/chromium'), apt: ['chromium'] },
  {
    what: 'LibreOffice Writer and Calc (export checks)',
    test: () => hasCommand('soffice'),
    apt: ['libreoffice-writer-nogui', 'libreoffice-calc-nogui'],
  },
  {
    what: 'poppler-utils (pdftotext, pdftoppm)',
    test: () => hasCommand('pdftotext'),
    apt: ['poppler-utils'],
  },
  {
    what: 'fonts-liberation (PDF rendering)',
    test: () => existsSync('/usr/share/fonts/truetype/liberation'),
    apt: ['fonts-liberation'],
  },
];

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function log(message) {
  process.stderr.write(`[pretest] ${message}\n`);
}

const missing = needs.filter((n) => !n.test());
if (missing.length > 0) {
  const packages = missing.flatMap((n) => n.apt);
  const canApt = process.getuid?.() === 0 && hasCommand('apt-get');
  if (canApt) {
    log(`installing ${packages.join(' ')} …`);
    try {
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
      execFileSync('apt-get', ['install', '-y', '-qq', ...packages], {
        stdio: 'ignore',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
    } catch (error) {
      log(`apt-get failed: ${error.message}`);
    }
  }
  const still = needs.filter((n) => !n.test());
  if (still.length > 0) {
    log('missing, and could not be installed here:');
    for (const n of still) log(`  - ${n.what}: apt-get install ${n.apt.join(' ')}`);
    process.exit(1);
  }
}

const pgUrl = new URL(process.env.JALON_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test');
const port = Number(pgUrl.port || 5432);

function canConnect() {
  return new Promise((resolve) => {
    const socket = net.connect({ host: pgUrl.hostname, port, timeout: 1000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

if (!(await canConnect())) {
  log(`PostgreSQL is not answering on ${pgUrl.hostname}:${port}; trying to start it …`);
  try {
    const versions = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql') : [];
    for (const version of versions) {
      spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], {
        stdio: 'ignore',
      });
    }
  } catch {
    // fall through to the check below
  }
  for (let i = 0; i < 20 && !(await canConnect()); i++) await new Promise((r) => setTimeout(r, 500));
  if (!(await canConnect())) {
    log(
      `PostgreSQL is required for the storage tests: start a server on ${pgUrl.host} (trust auth, database "${pgUrl.pathname.slice(1)}") or set JALON_TEST_PG_URL.`,
    );
    process.exit(1);
  }
}
// The reference plans the golden tests read (test/support/shared-files.ts looks in the same places).
const here = path.dirname(fileURLToPath(import.meta.url));
const sharedCandidates = [
  process.env.JALON_SHARED_DIR,
  path.join(here, '../../shared'),
  '/work/shared',
].filter(Boolean);
const shared = sharedCandidates.find(
  (d) => existsSync(path.join(d, 'seeds')) && existsSync(path.join(d, 'fixtures')),
);
if (!shared) {
  log(
    `the shared reference plans (seeds/ and fixtures/) were not found in ${sharedCandidates.join(', ')}: set JALON_SHARED_DIR to their folder.`,
  );
  process.exit(1);
}
log(
  `test environment ready (PostgreSQL, chromium, LibreOffice, poppler-utils, reference plans in ${shared}).`,
);
