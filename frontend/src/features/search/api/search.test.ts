import { describe, expect, it } from 'vitest';
import { readSearchParams } from './search';

describe('readSearchParams', () => {
  it('reads the query, page and the known filter parameters, ignoring others', () => {
    const model = readSearchParams(
      new URLSearchParams('q=工业视觉&kind=provider&district=滨江区&district=萧山区&page=3&qualification=高新技术企业&utm_source=x'),
    );
    expect(model).toEqual({
      q: '工业视觉',
      kind: 'provider',
      sort: '',
      page: 3,
      facets: { district: ['滨江区', '萧山区'], qualification: ['高新技术企业'] },
    });
  });

  it('defaults to page 1', () => {
    expect(readSearchParams(new URLSearchParams('page=x')).page).toBe(1);
  });
});
