import type { ImportReport } from '@/types/api';

type Translate = (key: string, options?: Record<string, unknown>) => string;
type RowError = Pick<ImportReport['errors'][number], 'code' | 'column' | 'field' | 'message'>;

// The importer names each problem by a code (and says it in Chinese): the code is told from the
// locale files, by its column; a code this screen does not know yet falls back to the server's words.
export function importMessage(error: RowError, t: Translate): string {
  return t(`import.${error.code}`, { column: error.column || error.field, defaultValue: error.message });
}
