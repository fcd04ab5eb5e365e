import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { planSchema } from '../../src/core/plan-schema.ts';
import { exportFormats, exportPlan } from '../../src/export/index.ts';
import { escapeMarkdown } from '../../src/export/markdown-writer.ts';
import { buildPlan, hostileStrings } from '../factories/build-plan.ts';

const plan = buildPlan({ hostile: true });
const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('JSON export', () => {
  it('is the Jalon plan format, equal to the plan', async () => {
    const { bytes, mimeType } = await exportPlan(plan, { format: 'json' });
    expect(mimeType).toBe('application/json');
    const parsed = planSchema.parse(JSON.parse(decode(bytes)));
    expect(parsed).toEqual(plan);
  });
});

describe('Markdown export', () => {
  it('escapes every hostile text so that it stays one table cell of plain text', async () => {
    const md = decode((await exportPlan(plan, { format: 'md' })).bytes);
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('<b>');
    expect(md).not.toMatch(/(?<!\\)\]\(javascript:/);
    expect(md).toContain('\\[lien\\](javascript:alert(1))');
    expect(md).toContain('\\`code\\`');
    // Every row of a table has as many unescaped pipes as its header row.
    const blocks = md.split('\n\n').filter((b) => b.startsWith('| '));
    expect(blocks.length).toBeGreaterThan(3);
    for (const block of blocks) {
      const counts = block.split('\n').map((line) => line.replace(/\\\|/g, '').split('|').length);
      expect(new Set(counts).size).toBe(1);
    }
  });

  it('escapes headings, lists and numbered items at the start of a line', () => {
    expect(escapeMarkdown('# titre')).toBe('\\# titre');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('1. item')).toBe('1\\. item');
    expect(escapeMarkdown('a | b')).toBe('a \\| b');
    expect(escapeMarkdown('[x](y)')).toBe('\\[x\\](y)');
  });
});

describe('--public', () => {
  const internal = ['Note interne', "Remarque interne sur l'objectif", 'REPEATED_OBJECTIVE', 'plan.docx'];

  it('leaves internal notes, source locations and warnings out of every format', async () => {
    for (const format of exportFormats) {
      const { bytes, fileName } = await exportPlan(plan, { format, public: true });
      expect(fileName).toMatch(new RegExp(`-public\\.${format}$`));
      let text: string;
      if (format === 'docx' || format === 'xlsx') {
        const zip = await JSZip.loadAsync(bytes);
        const parts = await Promise.all(Object.values(zip.files).map((f) => f.async('string')));
        text = parts.join('\n');
      } else if (format === 'pdf') continue;
      else text = decode(bytes);
      for (const word of internal) expect(text, `${format} holds "${word}"`).not.toContain(word);
    }
  });

  it('keeps the internal notes in the full export', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await exportPlan(plan, { format: 'xlsx' })).bytes.buffer as ArrayBuffer);
    const headers = workbook.getWorksheet('Actions')!.getRow(1).values as string[];
    const notes = workbook.getWorksheet('Actions')!.getColumn(headers.indexOf('Remarques')).values;
    expect(notes.some((v) => String(v).startsWith('Note interne'))).toBe(true);
    expect(hostileStrings.length).toBeGreaterThan(5);
  });
});
