import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { request } from '@/lib/api-client';
import type { CalendarOverride, CalendarOverrideIn, CalendarYears } from '@/types/api';

export const overridesQueryOptions = () =>
  queryOptions({ queryKey: ['calendar', 'overrides'], queryFn: () => request<CalendarOverride[]>('/api/workflow/calendar/overrides') });

export const calendarYearsQueryOptions = () =>
  queryOptions({ queryKey: ['calendar', 'years'], queryFn: () => request<CalendarYears>('/api/workflow/calendar/years') });

export function useSaveOverride() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ day, body }: { day: string; body: CalendarOverrideIn }) =>
      request<CalendarOverride>(`/api/workflow/calendar/overrides/${day}`, { method: 'PUT', json: body }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['calendar'] }),
  });
}

export function useDeleteOverride() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (day: string) => request<void>(`/api/workflow/calendar/overrides/${day}`, { method: 'DELETE' }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['calendar'] }),
  });
}
