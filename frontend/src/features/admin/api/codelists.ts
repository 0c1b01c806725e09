import type { CodeLists } from '@/types/api';

export { codeListsQueryOptions, useCodeLists } from '@/lib/code-lists';

/** The lists in the order the server declares them, as [name, items] pairs. */
export function codeListEntries(lists: CodeLists | undefined) {
  return lists ? (Object.entries(lists) as [keyof CodeLists, CodeLists[keyof CodeLists]][]) : [];
}
