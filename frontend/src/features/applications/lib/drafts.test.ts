// @vitest-environment node
import 'fake-indexeddb/auto';

import { describe, expect, it } from 'vitest';

import type { ApplicationContent } from '@/types/api';
import { forgetDraft, keepDraft, readDraft } from './drafts';

const body = { plan: 'kept plan', documents: [] } as unknown as ApplicationContent;

describe('the kept draft of a sealed application', () => {
  it('is read back by the same user for the same application only', async () => {
    await keepDraft('user-a', 'app-1', body, 'env-1');
    expect((await readDraft('user-a', 'app-1'))?.body).toEqual(body);
    expect(await readDraft('user-b', 'app-1')).toBeNull();
    expect(await readDraft('user-a', 'app-2')).toBeNull();
  });

  it('is overwritten by a replacement and gone once forgotten', async () => {
    await keepDraft('user-a', 'app-3', body, 'env-1');
    await keepDraft('user-a', 'app-3', { ...body, plan: 'replaced plan' }, 'env-2');
    const kept = await readDraft('user-a', 'app-3');
    expect(kept?.envelopeId).toBe('env-2');
    expect(kept?.body.plan).toBe('replaced plan');
    await forgetDraft('user-a', 'app-3');
    expect(await readDraft('user-a', 'app-3')).toBeNull();
  });
});
