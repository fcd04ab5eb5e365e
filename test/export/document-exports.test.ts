import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listActions } from '../../src/core/plan-walk.ts';
import { formatActionText } from '../../src/export/export-layout.ts';
import { exportPlan } from '../../src/export/index.ts';
import { buildPlan, hostileStrings } from '../factories/build-plan.ts';
import {
  containsInterleaved,
  convertWithLibreOffice,
  extractPdfText,
  listPdfFonts,
  makeScratch,
} from './office-tools.ts';

const plan = buildPlan({ hostile: true });
const actionTexts = listActions(plan)
  .map(({ action }) => formatActionText(action))
  .filter(Boolean);
let scratch: Awaited<ReturnType<typeof makeScratch>>;

beforeAll(async () => {
  scratch = await makeScratch('docexport');
});
afterAll(async () => {
  await scratch.cleanup();
});

async function readDocxParts(
  bytes: Uint8Array,
): Promise<{ document: string; footnotes: string; footer: string }> {
  const zip = await JSZip.loadAsync(bytes);
  const read = async (name: string) => (await zip.file(name)?.async('string')) ?? '';
  const footerName = Object.keys(zip.files).find((n) => /^word\/footer\d*\.xml$/.test(n)) ?? '';
  return {
    document: await read('word/document.xml'),
    footnotes: await read('word/footnotes.xml'),
    footer: await read(footerName),
  };
}

describe('DOCX export', () => {
  it('is an A4 landscape document with repeated headers, merged objective cells, timeline colours, footnotes and page numbers', async () => {
    const result = await exportPlan(plan, { format: 'docx' });
    expect(result.fileName).toBe('plan-d-actions-actualise-2026.docx');
    const { document, footnotes, footer } = await readDocxParts(result.bytes);
    expect(document).toMatch(/w:orient="landscape"/);
    expect(document).toMatch(/<w:pgSz w:w="16838" w:h="11906"/);
    expect(document).toContain('<w:tblHeader/>');
    expect(document).toMatch(/<w:vMerge w:val="restart"\/>/);
    expect(document).toMatch(/w:gridSpan w:val="\d+"/);
    for (const fill of ['1e7b34', 'a8d5a2', 'fff2cc']) expect(document).toContain(`w:fill="${fill}"`);
    // The plan's own column labels, and the campus shown in front of local actions.
    expect(document).toContain('Référence éventuelle aux recommandations des experts');
    expect(document).toContain('LLN : Organiser l');
    expect(document).toContain('Action terminée en 2021-2022');
    expect(footnotes).toContain('Etat de Réalisation : Réalisé; Implémenté; Reporté; En cours');
    expect(footer).toContain('PAGE');
    // Hostile text is text: escaped in the XML, never markup.
    expect(document).not.toContain('<script>');
    expect(document).toContain('&lt;script&gt;');
  });

  it('uses the AEQES column template with --layout aeqes', async () => {
    const { document } = await readDocxParts(
      (await exportPlan(plan, { format: 'docx', layout: 'aeqes' })).bytes,
    );
    for (const label of [
      'Description des actions',
      'Degré de priorité',
      'Responsable(s)',
      'Degré de réalisation / Échéance(s)',
      'Résultats attendus',
      'Conditions de réalisation',
    ]) {
      expect(document).toContain(label.replace(/'/g, '&apos;'));
    }
    expect(document).not.toContain('Référence éventuelle aux recommandations des experts');
  });

  it('opens in LibreOffice, which renders every action', async () => {
    const docx = await exportPlan(plan, { format: 'docx' });
    const pdf = await convertWithLibreOffice(scratch.dir, 'plan.docx', docx.bytes, 'pdf');
    const text = await extractPdfText(scratch.dir, pdf, 'from-docx.pdf');
    const missing = actionTexts.filter((t) => !containsInterleaved(text, t));
    expect(missing).toEqual([]);
  });
});

describe('PDF export', () => {
  it('holds every action text, readable by pdftotext, in embedded fonts with every French character', async () => {
    const result = await exportPlan(plan, { format: 'pdf' });
    expect(Buffer.from(result.bytes.subarray(0, 5)).toString()).toBe('%PDF-');
    const text = await extractPdfText(scratch.dir, result.bytes);
    const missing = actionTexts.filter((t) => !containsInterleaved(text, t));
    expect(missing).toEqual([]);
    expect(containsInterleaved(text, 'Zorglub ne figure pas dans ce plan')).toBe(false);
    for (const ch of 'éèêëàâçôûùïœŒ«»–—…’·') expect(text).toContain(ch);
    expect(text).toContain(hostileStrings[6]!.slice(0, 20));
    const fonts = await listPdfFonts(scratch.dir, result.bytes);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.every((f) => f.embedded && f.name.includes('LiberationSans'))).toBe(true);
  });
});
