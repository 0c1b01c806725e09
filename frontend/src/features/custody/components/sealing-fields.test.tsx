import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Form } from 'antd';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderWithApp, jsonResponse } from '@/testing/test-utils';
import { SealingFields } from './sealing-fields';

const CANDIDATES = {
  items: [
    {
      user_id: 'u-gov1',
      display_name: '刘处长',
      organisation_id: 'o1',
      organisation_name: '经信局',
      role: 'gov_reviewer',
      fingerprint: 'ab'.repeat(32),
    },
    {
      user_id: 'u-gov2',
      display_name: '黄科长',
      organisation_id: 'o1',
      organisation_name: '经信局',
      role: 'gov_reviewer',
      fingerprint: null,
    },
  ],
};

afterEach(() => vi.unstubAllGlobals());

describe('the custodian picker', () => {
  it('offers the candidates once custodian sealing is chosen, a candidate without a key disabled with the reason', async () => {
    const fetch = vi.fn((req: Request) =>
      Promise.resolve(req.url.endsWith('/custody/candidates') ? jsonResponse(CANDIDATES) : jsonResponse({}, 404)),
    );
    vi.stubGlobal('fetch', fetch);
    renderWithApp(
      <Form initialValues={{ sealing: 'service', custodian_threshold: 2 }}>
        <SealingFields />
      </Form>,
    );
    expect(screen.queryByTestId('custodian-picker')).toBeNull();
    expect(fetch.mock.calls.some(([req]) => (req as Request).url.endsWith('/custody/candidates'))).toBe(false);
    await userEvent.click(screen.getByLabelText('开标人共同解密'));
    await userEvent.click(selectorOf(screen.getByTestId('custodian-picker')));
    const disabled = await screen.findByText(/黄科长/);
    await waitFor(() => expect(disabled.closest('.ant-select-item-option')).toHaveClass('ant-select-item-option-disabled'));
    expect(disabled.closest('.ant-select-item-option')).toHaveTextContent('尚未登记开标密钥');
    expect(screen.getByText(/刘处长/).closest('.ant-select-item-option')).not.toHaveClass('ant-select-item-option-disabled');
  });
});

function selectorOf(el: HTMLElement): HTMLElement {
  return (el.querySelector('.ant-select-selector') ?? el.querySelector('.ant-select') ?? el) as HTMLElement;
}
