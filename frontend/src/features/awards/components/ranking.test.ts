import { describe, expect, it } from 'vitest';
import type { ExpertScore } from '@/types/api';
import { sheetsOf } from './ranking';

const sheet = (expert_id: string, status: ExpertScore['status'], total: number | null): ExpertScore => ({
  application_id: 'a1',
  expert_id,
  status,
  scores: {},
  total,
  comment: '',
  recusal_reason: status === 'recused' ? '任职关联' : '',
});

describe('sheetsOf', () => {
  it('takes the spread over scored sheets only and lists recusals', () => {
    const rows = [
      sheet('e1', 'completed', 88),
      sheet('e2', 'completed', 70.5),
      sheet('e3', 'recused', null),
      { ...sheet('e1', 'completed', 10), application_id: 'a2' },
    ];
    const s = sheetsOf(rows, 'a1');
    expect(s.spread).toBeCloseTo(17.5);
    expect(s.recusals.map((r) => r.expert_id)).toEqual(['e3']);
    expect(s.byExpert.get('e1')?.total).toBe(88);
    expect(sheetsOf([sheet('e1', 'completed', 80)], 'a1').spread).toBe(0);
    expect(sheetsOf([sheet('e1', 'recused', null)], 'a1').spread).toBeNull();
  });
});
