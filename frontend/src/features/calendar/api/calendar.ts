import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { components } from '@/api/generated/workflow';
import { request } from '@/lib/api-client';

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

const BASE = '/api/workflow/calendar';

export const calendarYearQueryOptions = (year: number) =>
  queryOptions({ queryKey: ['calendar', 'year', year], queryFn: () => request<CalendarYear>(`${BASE}/years/${year}`) });

export const calendarYearsQueryOptions = () =>
  queryOptions({ queryKey: ['calendar', 'years'], queryFn: () => request<CalendarYearSummary[]>(`${BASE}/years`) });

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
    queryFn: () => request<WorkdayPreview>(`${BASE}/workdays`, { query: { start: start ?? '', working_days: days } }),
    enabled: start != null,
  });
}

function useCalendarMutation<A, R>(fn: (args: A) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: ['calendar'] }) });
}

export function useImportYear(year: number) {
  return useCalendarMutation((body: CalendarImport) => request<CalendarYear>(`${BASE}/years/${year}/import`, { json: body }));
}

export function usePutSource(year: number) {
  return useCalendarMutation((body: CalendarSource) => request<CalendarYear>(`${BASE}/years/${year}`, { method: 'PUT', json: body }));
}

export function usePrefillYear(year: number) {
  return useCalendarMutation(() => request<CalendarYear>(`${BASE}/years/${year}/prefill`, { method: 'POST', json: {} }));
}

export function useConfirmYear(year: number) {
  return useCalendarMutation(() => request<CalendarConfirmation>(`${BASE}/years/${year}/confirm`, { method: 'POST', json: {} }));
}

export function usePutDay() {
  return useCalendarMutation(({ day, isWorkday, note }: { day: string; isWorkday: boolean; note: string }) =>
    request(`${BASE}/overrides/${day}`, { method: 'PUT', json: { is_workday: isWorkday, note } }),
  );
}

export function useDeleteDay() {
  return useCalendarMutation((day: string) => request(`${BASE}/overrides/${day}`, { method: 'DELETE' }));
}
