export {
  importBytes,
  importFile,
  importText,
  detectFormat,
  importFormats,
  DEFAULT_MAX_IMPORT_BYTES,
} from './import-file.ts';
export type { ImportFormat, ImportOptions, ImportResult } from './import-file.ts';
export { recognisePlan } from './table-recogniser.ts';
export type { RecogniseOptions, RecogniseResult } from './table-recogniser.ts';
export { readText, readCsv } from './text-reader.ts';
export { readJsonPlan } from './json-reader.ts';
export type { RawDocument } from './raw-document.ts';
