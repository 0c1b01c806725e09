type Translate = (key: string, options?: Record<string, unknown>) => string;

// The importer's row messages are pydantic's ("Value error, 所在区县 must be one of …") or
// bilingual ("必填项为空 (required)"): each known kind is told from the locale files, by its column.
const KINDS: [RegExp, string][] = [
  [/\brequired\b|必填/i, 'import.required'],
  [/must be one of/i, 'import.notInCodeList'],
  [/taxonomy/i, 'import.notInTaxonomy'],
  [/unknown qualification/i, 'import.unknownQualification'],
  [/budget_min is above budget_max/i, 'import.budgetOrder'],
  [/valid (?:number|decimal|integer)|greater than or equal|less than or equal/i, 'import.badNumber'],
  [/valid date|date/i, 'import.badDate'],
  [/at most|too long|too short|at least/i, 'import.badLength'],
  [/pattern|string should match/i, 'import.badFormat'],
];

export function importMessage(message: string, column: string, t: Translate): string {
  const kind = KINDS.find(([re]) => re.test(message));
  return t(kind ? kind[1] : 'import.invalid', { column });
}
