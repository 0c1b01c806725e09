import { DatePicker, Form, Input, InputNumber, Radio, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { CodeSelect } from '@/components/ui/code-select';
import { WanInput } from '@/components/ui/wan-input';

export function TaskFields() {
  const { t } = useTranslation();
  const required = [{ required: true, message: t('common.required') }];
  return (
    <>
      <Form.Item name="title" label={t('challengeForm.title')} rules={[...required, { max: 120 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="summary" label={t('challengeForm.summary')} rules={required}>
        <Input.TextArea rows={2} maxLength={300} showCount />
      </Form.Item>
      <Form.Item name="description" label={t('challengeForm.description')} rules={required}>
        <Input.TextArea rows={5} />
      </Form.Item>
      <Form.Item name="deliverables" label={t('challengeForm.deliverables')}>
        <Input.TextArea rows={2} />
      </Form.Item>
      <Form.Item name="seven_end" label={t('common.sevenEnd')} rules={required}>
        <CodeSelect list="seven_ends" />
      </Form.Item>
      <Form.Item name="scenario_domain" label={t('common.scenarioDomain')} rules={required}>
        <CodeSelect list="scenario_domains" />
      </Form.Item>
    </>
  );
}

export function EligibilityFields() {
  const { t } = useTranslation();
  const consortium = Form.useWatch<boolean | undefined>('consortium_allowed');
  return (
    <>
      <Form.Item name="required_labels" label={t('challengeForm.requiredLabels')}>
        <CodeSelect mode="multiple" list="qualification_labels" />
      </Form.Item>
      <Form.Item name="allowed_districts" label={t('challengeForm.allowedDistricts')} extra={t('challengeForm.allDistrictsHint')}>
        <CodeSelect mode="multiple" list="districts" />
      </Form.Item>
      <Form.Item name="consortium_allowed" label={t('challengeForm.consortiumAllowed')} valuePropName="checked">
        <Switch />
      </Form.Item>
      {consortium && (
        <Form.Item
          name="consortium_max_members"
          label={t('challengeForm.consortiumMax')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <InputNumber min={2} max={10} />
        </Form.Item>
      )}
      <Form.Item name="applications_per_org" label={t('challengeForm.perOrg')}>
        <InputNumber min={1} max={5} />
      </Form.Item>
    </>
  );
}

export function RewardFields() {
  const { t } = useTranslation();
  const mode = Form.useWatch<string | undefined>('mode');
  return (
    <>
      <Form.Item name="reward_amount" label={t('challengeForm.reward')} rules={[{ required: true, message: t('common.required') }]}>
        <WanInput />
      </Form.Item>
      <Form.Item name="funding_source" label={t('challengeForm.fundingSource')} rules={[{ required: true, message: t('common.required') }]}>
        <Input />
      </Form.Item>
      <Form.Item name="mode" label={t('challengeForm.mode')}>
        <Radio.Group
          options={[
            { value: 'jiebang', label: t('challenge.jiebang') },
            { value: 'horse_race', label: t('challenge.horseRace') },
          ]}
        />
      </Form.Item>
      <Form.Item
        name="max_winners"
        label={t('challengeForm.maxWinners')}
        dependencies={['mode']}
        rules={[
          {
            validator: async (_r, v: number | undefined) => {
              const ok = mode === 'horse_race' ? v !== undefined && v >= 2 && v <= 3 : v === 1;
              if (!ok) throw new Error(t(mode === 'horse_race' ? 'challengeForm.winnersHorse' : 'challengeForm.winnersOne'));
            },
          },
        ]}
      >
        <InputNumber min={1} max={3} />
      </Form.Item>
      <Form.Item name="min_applications" label={t('challengeForm.minApplications')}>
        <InputNumber min={1} max={20} />
      </Form.Item>
      <Form.Item name="publicity_working_days" label={t('challengeForm.publicityDays')}>
        <InputNumber min={3} max={30} />
      </Form.Item>
    </>
  );
}

// Shown to the minute; typed input may also carry seconds.
const DATE_TIME_FORMATS = ['YYYY-MM-DD HH:mm', 'YYYY-MM-DD HH:mm:ss'];

export function DateFields() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        name="application_deadline"
        label={t('challengeForm.deadline')}
        extra={t('time.beijingHint')}
        rules={[
          { required: true, message: t('common.required') },
          {
            validator: async (_r, v: Dayjs | undefined) => {
              // Only "in the future" here: the server owns the minimum open period (a day, shortened
              // by the sandbox's time acceleration) and answers a too-close deadline on submission.
              if (v && !v.isAfter(dayjs())) throw new Error(t('challengeForm.deadlineTooSoon'));
            },
          },
        ]}
      >
        <DatePicker showTime={{ format: 'HH:mm' }} format={DATE_TIME_FORMATS} />
      </Form.Item>
      <Form.Item name="publish_at" label={t('challengeForm.publishAt')} extra={t('challengeForm.publishAtHint')}>
        <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
      </Form.Item>
    </>
  );
}
