import { Worker } from 'node:worker_threads';
import type { ColumnMapping, ImportReading } from '../core/column-roles.ts';
import { JalonError, type ErrorCode, type ErrorLocation, type LocalizedText } from '../core/errors.ts';
import type { Plan, PlanWarning } from '../core/plan-schema.ts';

export interface WorkerImportOptions {
  format?: string;
  maxBytes?: number;
  maxExpandedBytes?: number;
  maxCells?: number;
  mapping?: ColumnMapping;
  remembered?: { mapping: ColumnMapping; institution: string } | null;
}

export interface WorkerImportResult {
  plan: Plan;
  warnings: PlanWarning[];
  reading: ImportReading;
}

type WorkerMessage =
  | { ok: true; result: WorkerImportResult }
  | {
      ok: false;
      error: { code: ErrorCode; texts: LocalizedText; location?: ErrorLocation } | { message: string };
    };

/**
 * Runs one import (importBytes) in a worker thread of its own whose heap is capped at
 * `heapMb`: however the file is built, the import cannot take more, and everything it
 * allocated is freed when the thread ends, right after it answers. An import that reaches
 * the cap is refused with FILE_TOO_LARGE naming the file and the cap; errors of the import
 * come back as the JalonErrors they were.
 */
export function importInWorker(
  input: { name: string; bytes: Uint8Array },
  options: WorkerImportOptions,
  heapMb: number,
): Promise<WorkerImportResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./import-worker-thread.mjs', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
      // The thread registers its own loader: the flags of this process (a test runner's) are not its business.
      execArgv: [],
    });
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      outcome();
    };
    worker.once('message', (message: WorkerMessage) =>
      settle(() => {
        if (message.ok) resolve(message.result);
        else if ('code' in message.error)
          reject(
            new JalonError(message.error.code, message.error.texts, { location: message.error.location }),
          );
        else reject(new Error(message.error.message));
      }),
    );
    worker.once('error', (error: NodeJS.ErrnoException) =>
      settle(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new JalonError(
                'FILE_TOO_LARGE',
                {
                  fr: `${input.name} demande plus de mémoire qu’un import ne peut en prendre (${heapMb} Mo) : divisez le plan en plusieurs fichiers.`,
                  en: `${input.name} needs more memory than an import may take (${heapMb} MB): split the plan into several files.`,
                },
                { location: { file: input.name } },
              )
            : error,
        ),
      ),
    );
    worker.once('exit', (code) =>
      settle(() => reject(new Error(`the import thread stopped before answering (exit code ${code})`))),
    );
    // A copy the thread owns: its buffer moves there instead of being copied again.
    const bytes = new Uint8Array(input.bytes);
    worker.postMessage({ name: input.name, bytes, options }, [bytes.buffer]);
  });
}
