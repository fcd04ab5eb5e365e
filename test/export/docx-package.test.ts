import { XMLValidator } from 'fast-xml-parser';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/core/plan-schema.ts';
import { listActions } from '../../src/core/plan-walk.ts';
import { escapeXmlText } from '../../src/export/docx-table-xml.ts';
import { exportPlan } from '../../src/export/index.ts';
import { writeZip } from '../../src/export/zip-writer.ts';
import { buildPlan } from '../factories/build-plan.ts';

/** The general-purpose flags of every local header: bit 3 would mean sizes in a data descriptor. */
function localHeaderFlags(bytes: Uint8Array): number[] {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const flags: number[] = [];
  let at = 0;
  while (view.readUInt32LE(at) === 0x04034b50) {
    flags.push(view.readUInt16LE(at + 6));
    const compressed = view.readUInt32LE(at + 18);
    at += 30 + view.readUInt16LE(at + 26) + view.readUInt16LE(at + 28) + compressed;
  }
  return flags;
}

describe('ZIP writer', () => {
  it('writes archives another reader takes back byte for byte, names in UTF-8, sizes in the headers', async () => {
    const files = [
      { path: '[Content_Types].xml', data: Buffer.from('<Types/>') },
      { path: 'word/résumé.xml', data: Buffer.from('é'.repeat(100_000)) },
      { path: 'empty.bin', data: new Uint8Array(0) },
    ];
    const archive = writeZip(files, new Date(2026, 11, 2, 9, 30, 12));
    const zip = await JSZip.loadAsync(archive);
    expect(Object.keys(zip.files)).toEqual(files.map((f) => f.path));
    for (const file of files) {
      expect(Buffer.from(await zip.file(file.path)!.async('uint8array'))).toEqual(Buffer.from(file.data));
    }
    expect(zip.file('word/résumé.xml')!.date.getFullYear()).toBe(2026);
    expect(localHeaderFlags(archive).every((flag) => (flag & 0x08) === 0)).toBe(true);
    // Deflated, not stored: 200 kB of one repeated letter shrink to almost nothing.
    expect(archive.byteLength).toBeLessThan(2_000);
  });
});

describe('DOCX package', () => {
  it('is a ZIP with [Content_Types].xml first and every part well-formed XML', async () => {
    const bytes = (await exportPlan(buildPlan({ hostile: true }), { format: 'docx' })).bytes;
    const zip = await JSZip.loadAsync(bytes);
    const names = Object.keys(zip.files);
    expect(names[0]).toBe('[Content_Types].xml');
    expect(names).toEqual(
      expect.arrayContaining(['word/document.xml', 'word/styles.xml', 'word/footnotes.xml']),
    );
    for (const name of names.filter((n) => /\.(xml|rels)$/.test(n))) {
      expect([name, XMLValidator.validate(await zip.file(name)!.async('string'))]).toEqual([name, true]);
    }
  });

  it('refers only to footnotes it holds, the status legend in the tables among them', async () => {
    const zip = await JSZip.loadAsync((await exportPlan(buildPlan(), { format: 'docx' })).bytes);
    const document = await zip.file('word/document.xml')!.async('string');
    const footnotes = await zip.file('word/footnotes.xml')!.async('string');
    const referenced = [...document.matchAll(/<w:footnoteReference w:id="(\d+)"\/>/g)].map((m) => m[1]);
    const held = new Set([...footnotes.matchAll(/<w:footnote w:id="(\d+)"/g)].map((m) => m[1]));
    expect(referenced.length).toBeGreaterThan(1);
    expect(new Set(referenced).size).toBe(referenced.length);
    expect(referenced.filter((id) => !held.has(id))).toEqual([]);
    // The legend of the status column is a footnote of the detailed table's header.
    expect(document).toMatch(
      /Etat de réalisation<\/w:t><\/w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"\/>/,
    );
  });

  it('drops the characters XML cannot hold and keeps the rest of the text', async () => {
    const plan: Plan = buildPlan();
    const action = listActions(plan)[0]!.action;
    action.text = 'Avant\u0001 \uFFFE milieu \uD800 après ]]> <w:t> fin \uD83D\uDE00';
    const zip = await JSZip.loadAsync((await exportPlan(plan, { format: 'docx' })).bytes);
    const document = await zip.file('word/document.xml')!.async('string');
    expect(XMLValidator.validate(document)).toBe(true);
    expect(document).toContain('Avant  milieu  après ]]&gt; &lt;w:t&gt; fin \uD83D\uDE00');
  });

  it('escapes like docx: markup and quotes', () => {
    expect(escapeXmlText(`a & b < c > d "e" 'f'`)).toBe(
      'a &amp; b &lt; c &gt; d &quot;e&quot; &apos;f&apos;',
    );
    expect(escapeXmlText('tab\tand\nline')).toBe('tab\tand\nline');
  });
});
