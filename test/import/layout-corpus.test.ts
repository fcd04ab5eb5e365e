import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listActions, listObjectives } from '../../src/core/plan-walk.ts';
import { importFile } from '../../src/import/import-file.ts';
import type { RawDocument } from '../../src/import/raw-document.ts';
import { parsePriority } from '../../src/import/recognise/cell-values.ts';
import { readLevelTitle } from '../../src/import/recognise/plan-builder.ts';
import { comparable, layoutsDir, readTruths, scorePlan } from '../support/plan-fidelity.ts';

const truths = readTruths();

/** The document as its reader gives it, before recognition (which empties the tables' rows). */
async function readRaw(file: string): Promise<RawDocument> {
  const bytes = new Uint8Array(readFileSync(file));
  const ext = path.extname(file);
  if (ext === '.docx') return (await import('../../src/import/docx-reader.ts')).readDocx(bytes, {});
  if (ext === '.xlsx') return (await import('../../src/import/xlsx-reader.ts')).readXlsx(bytes, {});
  if (ext === '.pdf') return (await import('../../src/import/pdf-reader.ts')).readPdf(bytes, {});
  return (await import('../../src/import/text-reader.ts')).readText(new TextDecoder().decode(bytes), {});
}

describe.each(truths.flatMap((truth) => truth.documents.map((document) => ({ truth, document }))))(
  'the $truth.layout plan $document',
  ({ truth, document }) => {
    const file = path.join(layoutsDir, document);

    it('comes out with the axes, objectives and fields of its ground truth', async () => {
      const { plan } = await importFile(file);
      const score = scorePlan(plan, truth);
      expect(score.missing).toEqual([]);
      expect(score.unexpected).toEqual([]);
      expect(score.misses).toEqual([]);
      const axes = new Set(truth.actions.map((a) => a.axis));
      const objectives = new Set(truth.actions.map((a) => `${a.axis}/${a.objective}`));
      expect(plan.axes.filter((a) => listActions({ ...plan, axes: [a] }).length > 0)).toHaveLength(axes.size);
      expect(listObjectives(plan).filter((o) => o.objective.actions.length > 0).length).toBe(
        [...objectives].filter((o) => !o.endsWith('/null')).length,
      );
    });

    it('drops no cell: each one is in a field, an extra field, a section or a warning', async () => {
      const raw = await readRaw(file);
      const { plan } = await importFile(file);
      const kept = comparable(JSON.stringify(plan));
      const lost: string[] = [];
      for (const block of raw.blocks) {
        if (block.kind !== 'table') continue;
        for (const row of block.rows) {
          for (const cell of row.cells) {
            for (const paragraph of cell.paragraphs) {
              const text = comparable(paragraph);
              // Marks and priority scales become values ("x" a site, "***" a priority of 3).
              if (!text || parsePriority(paragraph) !== null || /^(x|oui|yes)$/.test(text)) continue;
              if (kept.includes(text) || kept.includes(comparable(readLevelTitle(paragraph).title))) continue;
              // A signature "Role : Name" is kept as its role and its name.
              if (paragraph.split(/\s:\s/).every((part) => kept.includes(comparable(part)))) continue;
              lost.push(paragraph);
            }
          }
        }
      }
      expect(lost).toEqual([]);
    });
  },
);
