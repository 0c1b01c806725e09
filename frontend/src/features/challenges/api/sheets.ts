import { unwrapBlob, workflow } from '@/api/clients';

/** The challenges as a sheet for reviewers (money in 万元, times in Beijing time). */
export const challengesSheet = async () => unwrapBlob(await workflow.GET('/challenges.xlsx', { parseAs: 'blob' }));

/** A challenge's opened applications as a sheet. */
export const applicationsSheet = async (challengeId: string) =>
  unwrapBlob(
    await workflow.GET('/challenges/{challenge_id}/applications.xlsx', {
      params: { path: { challenge_id: challengeId } },
      parseAs: 'blob',
    }),
  );

/** A challenge's ranking as a sheet. */
export const rankingSheet = async (challengeId: string) =>
  unwrapBlob(
    await workflow.GET('/challenges/{challenge_id}/ranking.xlsx', { params: { path: { challenge_id: challengeId } }, parseAs: 'blob' }),
  );
