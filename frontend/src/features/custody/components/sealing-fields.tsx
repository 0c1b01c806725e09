import { Form, InputNumber, Radio, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCandidates } from '../api/custody';
import { fingerprintDisplay } from '../keystore';

/** The sealing mode and, for custodian sealing, who opens and how many of them (decision 0107). */
export function SealingFields() {
  const { t } = useTranslation();
  const sealing = Form.useWatch('sealing') as 'service' | 'custodians' | undefined;
  const candidates = useCandidates(sealing === 'custodians');
  return (
    <>
      <Form.Item name="sealing" label={t('custody.sealing')} extra={t('custody.sealingHelp')}>
        <Radio.Group
          options={[
            { value: 'service', label: t('custody.sealing_service') },
            { value: 'custodians', label: t('custody.sealing_custodians') },
          ]}
        />
      </Form.Item>
      {sealing === 'custodians' && (
        <>
          <Form.Item
            name="custodians"
            label={t('custody.custodians')}
            extra={t('custody.custodiansHelp')}
            rules={[
              {
                validator: (_, value: string[] | undefined) =>
                  (value?.length ?? 0) >= 2 ? Promise.resolve() : Promise.reject(new Error(t('custody.custodians-required'))),
              },
            ]}
          >
            <Select
              mode="multiple"
              loading={candidates.isLoading}
              data-testid="custodian-picker"
              optionFilterProp="label"
              options={(candidates.data?.items ?? []).map((c) => ({
                value: c.user_id,
                disabled: !c.fingerprint,
                label: `${c.display_name}（${t(`custody.role_${c.role}`)}）· ${c.organisation_name}`,
                title: c.fingerprint ? fingerprintDisplay(c.fingerprint) : t('custody.noKeyReason'),
              }))}
              optionRender={(option) => (
                <span>
                  {option.label}{' '}
                  <Typography.Text type="secondary">{option.data.disabled ? `— ${t('custody.noKeyReason')}` : ''}</Typography.Text>
                </span>
              )}
            />
          </Form.Item>
          <Form.Item
            name="custodian_threshold"
            label={t('custody.threshold')}
            dependencies={['custodians']}
            rules={[
              ({ getFieldValue }) => ({
                validator: (_, value: number | undefined) => {
                  const n = (getFieldValue('custodians') as string[] | undefined)?.length ?? 0;
                  return value !== undefined && value >= 2 && value <= Math.max(n, 2)
                    ? Promise.resolve()
                    : Promise.reject(new Error(t('custody.custodian-threshold')));
                },
              }),
            ]}
          >
            <InputNumber min={2} max={15} />
          </Form.Item>
        </>
      )}
    </>
  );
}
