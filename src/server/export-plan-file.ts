import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { JalonError } from '../core/errors.ts';
import type { Plan } from '../core/plan-schema.ts';

export interface ExportedFile {
  bytes: Uint8Array;
  mimeType: string;
  fileName: string;
}

interface ExportModule {
  exportPlan(
    plan: Plan,
    options: { format: string; layout: string; public: boolean },
  ): Promise<ExportedFile> | ExportedFile;
}

let exporter: Promise<ExportModule | null> | null = null;

/** The exporters (src/export), loaded on first use so the server starts fast and without them. */
function loadExporter(): Promise<ExportModule | null> {
  exporter ??= (async () => {
    if (!existsSync(fileURLToPath(new URL('../export/index.ts', import.meta.url)))) return null;
    return (await import('../export/index.ts' as string)) as ExportModule;
  })();
  return exporter;
}

/** A plan as a file in the asked format; JSON works even before the exporters land. */
export async function exportPlanFile(
  plan: Plan,
  options: { format: string; layout: string; public: boolean },
): Promise<ExportedFile> {
  const module = await loadExporter();
  if (module) return module.exportPlan(plan, options);
  if (options.format === 'json') {
    return {
      bytes: new TextEncoder().encode(`${JSON.stringify(plan, null, 2)}\n`),
      mimeType: 'application/json; charset=utf-8',
      fileName: `${plan.title.slice(0, 80) || 'plan'}.json`,
    };
  }
  throw new JalonError(
    'UNSUPPORTED_FORMAT',
    `L'export ${options.format} n'est pas encore disponible sur ce serveur.`,
    {
      location: { field: 'format' },
    },
  );
}
