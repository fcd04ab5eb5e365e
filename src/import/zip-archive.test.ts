import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { JalonError } from '../core/errors.ts';
import { openZipArchive, readZipText, verifyZipExpansion } from './zip-archive.ts';

/** A zip holding `size` bytes of zeros: about 1 000× smaller once compressed. */
async function zipOfZeros(size: number): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file('word/document.xml', new Uint8Array(size));
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

/** Rewrites the uncompressed sizes the archive declares (local and central headers), as a zip bomb would. */
function declareSmallSizes(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes);
  const view = new DataView(copy.buffer);
  for (let offset = 0; offset + 46 <= copy.length; offset++) {
    const signature = view.getUint32(offset, true);
    if (signature === 0x04034b50) view.setUint32(offset + 22, 100, true);
    if (signature === 0x02014b50) view.setUint32(offset + 24, 100, true);
  }
  return copy;
}

function caught(run: () => unknown): JalonError {
  try {
    run();
  } catch (error) {
    if (error instanceof JalonError) return error;
    throw error;
  }
  throw new Error('expected a JalonError');
}

describe('zip archive limits', () => {
  it('refuses an archive whose declared sizes exceed the limit, before unpacking anything', async () => {
    const bytes = await zipOfZeros(3_000_000);
    expect(bytes.length).toBeLessThan(20_000);
    const error = caught(() => openZipArchive(bytes, 'bomb.docx', { maxExpandedBytes: 1_000_000 }));
    expect(error.code).toBe('FILE_TOO_LARGE');
    expect(error.message).toMatch(/bomb\.docx would expand to more than 1 MB \(zip bomb\?\)/);
  });

  it('stops a bomb that lies about its sizes while inflating, at the limit', async () => {
    const liar = declareSmallSizes(await zipOfZeros(3_000_000));
    const archive = openZipArchive(liar, 'liar.docx', { maxExpandedBytes: 1_000_000 });
    const error = caught(() => readZipText(archive, 'word/document.xml'));
    expect(error.code).toBe('FILE_TOO_LARGE');
    expect(error.message).toMatch(/liar\.docx expands to more than 1 MB/);
    await expect(
      verifyZipExpansion(openZipArchive(liar, 'liar.xlsx', { maxExpandedBytes: 1_000_000 })),
    ).rejects.toMatchObject({
      code: 'FILE_TOO_LARGE',
    });
  });

  it('refuses an archive with too many entries', async () => {
    const zip = new JSZip();
    for (let index = 0; index < 30; index++) zip.file(`part-${index}.xml`, '<a/>');
    const bytes = await zip.generateAsync({ type: 'uint8array' });
    const error = caught(() => openZipArchive(bytes, 'many.xlsx', { maxEntries: 20 }));
    expect(error.code).toBe('FILE_TOO_LARGE');
    expect(error.message).toMatch(/many\.xlsx holds 30 zip entries, more than the limit of 20/);
  });

  it('reads what is within the limits', async () => {
    const archive = openZipArchive(await zipOfZeros(1000), 'small.docx');
    expect(readZipText(archive, 'word/document.xml')).toHaveLength(1000);
    expect(readZipText(archive, 'missing.xml')).toBeUndefined();
  });
});
