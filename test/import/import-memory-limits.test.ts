import { afterEach, describe, expect, it } from 'vitest';
import { JalonError } from '../../src/core/errors.ts';
import { listActions } from '../../src/core/plan-walk.ts';
import { writeZip } from '../../src/export/zip-writer.ts';
import { DEFAULT_MAX_EXPANDED_BYTES, importBytes } from '../../src/import/import-file.ts';
import {
  DEFAULT_MAX_IMPORT_CELLS,
  importMemoryFromEnv,
  importMemoryLimits,
} from '../../src/import/import-size-limit.ts';
import { importPlanFile } from '../../src/server/import-plan-file.ts';
import { importInWorker } from '../../src/server/import-worker.ts';
import { generateOfficeFile } from '../support/generated-office-files.ts';

async function refusal(run: Promise<unknown>): Promise<JalonError> {
  const error = await run.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(JalonError);
  return error as JalonError;
}

/** A small Word file whose directory declares its document.xml to expand to `declared` bytes. */
function declaringDocx(declared: number): Uint8Array {
  const bytes = writeZip([
    { path: 'word/document.xml', data: Buffer.from('<w:document><w:body/></w:document>') },
  ]);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = 0; offset + 46 <= bytes.length; offset++) {
    const signature = view.getUint32(offset, true);
    if (signature === 0x04034b50) view.setUint32(offset + 22, declared, true);
    if (signature === 0x02014b50) view.setUint32(offset + 24, declared, true);
  }
  return bytes;
}

describe('the limits that bound an import’s memory', () => {
  const saved = process.env.JALON_IMPORT_MEMORY_MB;
  afterEach(() => {
    if (saved === undefined) delete process.env.JALON_IMPORT_MEMORY_MB;
    else process.env.JALON_IMPORT_MEMORY_MB = saved;
  });

  it('derive from 512 MB of import memory by default, and scale together with JALON_IMPORT_MEMORY_MB', () => {
    expect(importMemoryLimits()).toEqual({
      memoryMb: 512,
      maxExpandedBytes: 8 * 1024 * 1024,
      maxCells: 50_000,
      heapMb: 256,
      maxWaitingBytes: 128 * 1024 * 1024,
    });
    expect(DEFAULT_MAX_EXPANDED_BYTES).toBe(8 * 1024 * 1024);
    expect(DEFAULT_MAX_IMPORT_CELLS).toBe(50_000);
    expect(importMemoryFromEnv({ JALON_IMPORT_MEMORY_MB: '1024' })).toMatchObject({
      maxExpandedBytes: 16 * 1024 * 1024,
      maxCells: 100_000,
      heapMb: 512,
    });
    const error = (() => {
      try {
        importMemoryFromEnv({ JALON_IMPORT_MEMORY_MB: '12' });
      } catch (caught) {
        return caught as JalonError;
      }
    })();
    expect(error?.code).toBe('BAD_INPUT');
    expect(error?.texts.en).toMatch(
      /^JALON_IMPORT_MEMORY_MB 12: expected a memory in megabytes of at least 64/,
    );
  });

  it('refuse a Word file whose markup would expand beyond 8 MB before unpacking it, naming the file and the limit', async () => {
    const error = await refusal(importBytes({ name: 'bombe.docx', bytes: declaringDocx(9 * 1024 * 1024) }));
    expect(error.code).toBe('FILE_TOO_LARGE');
    expect(error.message).toMatch(/^bombe\.docx would expand to more than 8 MB \(zip bomb\?\)/);
    // Pictures are never unpacked: they do not count.
    const pictures = generateOfficeFile('docx-plan', 5, [
      { path: 'word/media/photo.png', data: new Uint8Array(40 * 1024 * 1024) },
    ]);
    expect((await importBytes({ name: 'photos.docx', bytes: pictures })).plan.axes).toHaveLength(1);
  });

  it('refuse a Word table or a sheet of more cells than an import reads, naming the file and the limit', async () => {
    const docx = await refusal(
      importBytes(
        { name: 'grand plan.docx', bytes: generateOfficeFile('docx-cell-bomb', 3000) },
        { maxCells: 7000 },
      ),
    );
    expect(docx.code).toBe('FILE_TOO_LARGE');
    expect(docx.texts.en).toBe(
      'grand plan.docx holds more than 7,000 table cells, more than an import reads: split the plan into several files.',
    );
    expect(docx.texts.fr).toMatch(/^grand plan\.docx contient plus de 7\s000 cellules de tableau/);
    expect(docx.location).toEqual({ file: 'grand plan.docx' });
    // A sheet's cells are counted before exceljs reads it.
    const xlsx = await refusal(
      importBytes(
        { name: 'suivi.xlsx', bytes: generateOfficeFile('xlsx-cell-bomb', 3000) },
        { maxCells: 7000 },
      ),
    );
    expect(xlsx.code).toBe('FILE_TOO_LARGE');
    expect(xlsx.texts.en).toMatch(/^suivi\.xlsx holds more than 7,000 table cells/);
    // Within the limit, the same files are read.
    const read = await importBytes(
      { name: 'suivi.xlsx', bytes: generateOfficeFile('xlsx-cell-bomb', 900) },
      { maxCells: 7000 },
    );
    expect(read.plan.axes.length).toBeGreaterThan(0);
  });

  it('stop an import at the heap of its thread, naming the file and the memory, and read the next one', async () => {
    const bytes = generateOfficeFile('docx-plan', 8000);
    // Beyond the default limits, to reach the heap first.
    const beyond = { maxExpandedBytes: 500 * 1024 * 1024, maxCells: Number.POSITIVE_INFINITY };
    const error = await refusal(importInWorker({ name: 'énorme.docx', bytes }, beyond, 24));
    expect(error.code).toBe('FILE_TOO_LARGE');
    expect(error.texts.en).toBe(
      'énorme.docx needs more memory than an import may take (24 MB): split the plan into several files.',
    );
    const small = await importInWorker(
      { name: 'petit.docx', bytes: generateOfficeFile('docx-plan', 20) },
      {},
      40,
    );
    expect(small.plan.axes).toHaveLength(1);
  });

  it('read a large file on the server in its own thread, with the server’s limits (JALON_IMPORT_MEMORY_MB)', async () => {
    process.env.JALON_IMPORT_MEMORY_MB = '64';
    // 64 MB of import memory: 1 MB expanded, 6,250 cells. This file expands to 4.2 MB.
    const bytes = generateOfficeFile('docx-plan', 1600);
    const large = await refusal(importPlanFile({ name: 'plan.docx', bytes }));
    expect(large.message).toMatch(/^plan\.docx would expand to more than 1 MB \(zip bomb\?\)/);
    const cells = await refusal(
      importPlanFile({ name: 'bombe.docx', bytes: generateOfficeFile('docx-cell-bomb', 2000) }),
    );
    expect(cells.texts.en).toMatch(/^bombe\.docx holds more than 6,250 table cells/);
    // 1024 MB: 16 MB expanded, 100,000 cells, a 512 MB heap.
    process.env.JALON_IMPORT_MEMORY_MB = '1024';
    const { plan } = await importPlanFile({ name: 'plan.docx', bytes });
    expect(listActions(plan)).toHaveLength(1600);
  });
});
