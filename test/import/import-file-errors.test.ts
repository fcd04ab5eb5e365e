import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JalonError } from '../../src/core/errors.ts';
import { importBytes, importFile, importText } from '../../src/import/import-file.ts';
import { seedFile } from '../support/shared-files.ts';

const seed002 = seedFile('002_b31f838c1917508f.txt');
const bytes = (text: string) => new TextEncoder().encode(text);

async function failure(promise: Promise<unknown>): Promise<JalonError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(JalonError);
  return error as JalonError;
}

describe('importFile refuses bad input with an error naming the file', () => {
  it('an empty file', async () => {
    const error = await failure(importBytes({ name: 'vide.csv', bytes: new Uint8Array() }));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toContain('vide.csv');
  });

  it('a file over the size limit', async () => {
    const error = await failure(importFile(seed002, { maxBytes: 1000 }));
    expect(error.code).toBe('FILE_TOO_LARGE');
    expect(error.message).toMatch(/002_b31f838c1917508f\.txt is 2\d\.\d kB, over the 1000 bytes limit/);
  });

  it('a binary file of another kind', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const error = await failure(importBytes({ name: 'logo.png', bytes: png }));
    expect(error.code).toBe('UNSUPPORTED_FORMAT');
    expect(error.message).toContain('logo.png');
  });

  it('a text file named .docx, and a corrupt zip', async () => {
    expect((await failure(importBytes({ name: 'plan.docx', bytes: bytes('hello') }))).code).toBe(
      'FILE_UNREADABLE',
    );
    const zip = new Uint8Array([
      0x50,
      0x4b,
      0x03,
      0x04,
      1,
      2,
      3,
      4,
      5,
      6,
      7,
      8,
      ...bytes('word/document.xml'),
    ]);
    const error = await failure(importBytes({ name: 'casse.docx', bytes: zip }));
    expect(error.code).toBe('FILE_UNREADABLE');
    expect(error.message).toContain('casse.docx');
  });

  it('a password-protected Office file and an old .doc', async () => {
    const ole = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    const encrypted = new Uint8Array([...ole, ...Buffer.from('EncryptedPackage', 'utf16le')]);
    expect((await failure(importBytes({ name: 'secret.docx', bytes: encrypted }))).code).toBe(
      'FILE_PASSWORD_PROTECTED',
    );
    expect(
      (await failure(importBytes({ name: 'ancien.doc', bytes: new Uint8Array([...ole, 0, 0]) }))).code,
    ).toBe('UNSUPPORTED_FORMAT');
  });

  it('a table without any recognisable header', async () => {
    const error = await failure(importBytes({ name: 'courses.csv', bytes: bytes('pain;2\nlait;1\n') }));
    expect(error.code).toBe('NO_TABLE_HEADER');
    expect(error.message).toContain('courses.csv');
  });

  it('a CSV whose quoted field never closes', async () => {
    const error = await failure(
      importBytes({ name: 'plan.csv', bytes: bytes('Action;Statut\n"Réviser;En cours\n') }),
    );
    expect(error.code).toBe('FILE_UNREADABLE');
    expect(error.message).toContain('line 2');
  });

  it('JSON that is not a Jalon plan, naming the JSON path', async () => {
    const error = await failure(
      importBytes({ name: 'plan.json', bytes: bytes('{"title": "P", "axes": [{"objectives": 3}]}') }),
    );
    expect(error.code).toBe('INVALID_PLAN');
    expect(error.message).toContain('axes[0].');
    expect((await failure(importBytes({ name: 'plan.json', bytes: bytes('{"title": ') }))).code).toBe(
      'FILE_UNREADABLE',
    );
  });

  it('a missing file', async () => {
    expect((await failure(importFile('/nonexistent/plan.docx'))).code).toBe('NOT_FOUND');
  });
});

describe('importFile reads what it is given', () => {
  it('detects a pasted Word text saved without extension and reads it whole', async () => {
    const result = await importBytes({ name: 'plan', bytes: new Uint8Array(readFileSync(seed002)) });
    expect(result.format).toBe('txt');
    expect(result.plan.axes).toHaveLength(3);
  });

  it('round-trips a plan through the Jalon JSON format', async () => {
    const first = await importFile(seed002);
    const again = await importBytes({ name: 'plan.json', bytes: bytes(JSON.stringify(first.plan)) });
    expect(again.format).toBe('json');
    expect(again.plan).toEqual(first.plan);
  });

  it('reads rows pasted from Word (TAB-separated) with importText', () => {
    const pasted = 'Action\tResponsable\tStatut\nRéviser les fiches UE\tCoordination\tEn cours\n';
    const { plan } = importText(pasted);
    expect(plan.axes[0]!.actions[0]).toMatchObject({
      text: 'Réviser les fiches UE',
      responsibles: ['Coordination'],
      status: 'in_progress',
    });
  });
});
