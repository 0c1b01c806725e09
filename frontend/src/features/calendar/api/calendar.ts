import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap, workflow } from '@/api/clients';
import type { components } from '@/api/generated/workflow';

type WS = components['schemas'];
export type CalendarYear = WS['Year'];
export type CalendarYearDay = WS['YearDay'];
export type CalendarYearSummary = WS['YearSummary'];
export type CalendarImport = WS['YearImport'];
export type CalendarSource = WS['YearSource'];
export type CalendarConfirmation = WS['Confirmation'];
export type WorkdayPreview = WS['WorkdayPreview'];
/** One bad row of a refused import, as listed in the 422 problem's `errors`. */
export interface ImportRowError {
  row: number;
  field: string;
  message: string;
}

const ofYear = (year: number) => ({ params: { path: { year } } });

export const calendarYearQueryOptions = (year: number) =>
  queryOptions({
    queryKey: ['calendar', 'year', year],
    queryFn: async () => unwrap(await workflow.GET('/calendar/years/{year}', ofYear(year))),
  });

export const calendarYearsQueryOptions = () =>
  queryOptions({ queryKey: ['calendar', 'years'], queryFn: async () => unwrap(await workflow.GET('/calendar/years')) });

export function useCalendarYear(year: number) {
  return useQuery(calendarYearQueryOptions(year));
}

export function useCalendarYears() {
  return useQuery(calendarYearsQueryOptions());
}

/** When a period of `days` working days starting now would end, and whether that end is an estimate. */
export function useWorkdayPreview(start: string | null, days: number) {
  return useQuery({
    queryKey: ['calendar', 'preview', start, days],
    queryFn: async () =>
      unwrap(await workflow.GET('/calendar/workdays', { params: { query: { start: start ?? '', working_days: days } } })),
    enabled: start != null,
  });
}

function useCalendarMutation<A, R>(fn: (args: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: ['calendar'] }) });
}

export function useImportYear(year: number) {
  return useCalendarMutation(async (body: CalendarImport) =>
    unwrap(await workflow.POST('/calendar/years/{year}/import', { ...ofYear(year), body })),
  );
}

export function usePutSource(year: number) {
  return useCalendarMutation(async (body: CalendarSource) =>
    unwrap(await workflow.PUT('/calendar/years/{year}', { ...ofYear(year), body })),
  );
}

export function usePrefillYear(year: number) {
  return useCalendarMutation(async () => unwrap(await workflow.POST('/calendar/years/{year}/prefill', ofYear(year))));
}

export function useConfirmYear(year: number) {
  return useCalendarMutation(async () => unwrap(await workflow.POST('/calendar/years/{year}/confirm', ofYear(year))));
}

export function usePutDay() {
  return useCalendarMutation(async ({ day, isWorkday, note }: { day: string; isWorkday: boolean; note: string }) =>
    unwrap(await workflow.PUT('/calendar/overrides/{day}', { params: { path: { day } }, body: { is_workday: isWorkday, note } })),
  );
}

export function useDeleteDay() {
  return useCalendarMutation(async (day: string) =>
    unwrap(await workflow.DELETE('/calendar/overrides/{day}', { params: { path: { day } } })),
  );
}
