import { queryOptions, useQuery } from '@tanstack/react-query';
import { matching, unwrap, workflow } from '@/api/clients';
import type { components } from '@/api/generated/workflow';
import type { MatchingNotification, WorkflowNotification } from '@/types/api';

/** Both services' notifications in one shape for the bell. */
export interface BellItem {
  id: string;
  source: 'matching' | 'workflow';
  /** The stable kind (workflow: application.qualification…; matching: demand.approved, demand.returned, subscription.match). */
  kind: string;
  title: string;
  body: string;
  link: string | null;
  read: boolean;
  created_at: string;
  /** The notice by e-mail or SMS to the signed-in user, where one went out (workflow only). */
  deliveries: Delivery[];
}

export type Delivery = Pick<components['schemas']['DeliveryOut'], 'channel' | 'state' | 'attempts'>;

const ITEM_PATHS: Record<string, string> = {
  demand: '/demands/',
  challenge: '/challenges/',
  product: '/products/',
  provider: '/providers/',
};

export function fromMatching(n: MatchingNotification): BellItem {
  const base = ITEM_PATHS[n.item_kind];
  return {
    id: n.id,
    source: 'matching',
    kind: n.kind,
    title: n.title,
    body: n.body,
    link: base ? base + n.item_id : null,
    read: n.read_at !== null,
    created_at: n.created_at,
    deliveries: [],
  };
}

export function fromWorkflow(n: WorkflowNotification): BellItem {
  return {
    id: n.id,
    source: 'workflow',
    kind: n.kind,
    title: n.title,
    body: n.body,
    link: n.challenge_id ? `/challenges/${n.challenge_id}` : null,
    read: n.read_at !== null,
    created_at: n.created_at,
    deliveries: (n.deliveries ?? []).map((d) => ({ channel: d.channel, state: d.state, attempts: d.attempts })),
  };
}

// One service being down must not empty the other's notifications.
const safe = <T>(p: Promise<T[]>): Promise<T[]> => p.catch(() => []);

export async function getNotifications(): Promise<BellItem[]> {
  const [m, w] = await Promise.all([safe(matching.GET('/notifications').then(unwrap)), safe(workflow.GET('/notifications').then(unwrap))]);
  return [...m.map(fromMatching), ...w.map(fromWorkflow)].sort((x, y) => y.created_at.localeCompare(x.created_at));
}

export const notificationsQueryOptions = () =>
  queryOptions({ queryKey: ['notifications'], queryFn: getNotifications, refetchInterval: 60_000 });

export function useNotifications() {
  return useQuery(notificationsQueryOptions());
}

export async function markRead(n: BellItem): Promise<unknown> {
  const params = { path: { notification_id: n.id } };
  return n.source === 'matching'
    ? unwrap(await matching.POST('/notifications/{notification_id}/read', { params }))
    : unwrap(await workflow.POST('/notifications/{notification_id}/read', { params }));
}
