import { Button, Card, Form, Space, Steps } from 'antd';
import type { Dayjs } from 'dayjs';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { ProblemError } from '@/lib/problem';
import { beijingToIso } from '@/lib/time';
import type { ChallengeCreate, Criterion, Indicator } from '@/types/api';
import { CriteriaFields } from './criteria-fields';
import { DateFields, EligibilityFields, RewardFields, TaskFields } from './step-fields';
import { IndicatorFields } from './indicator-fields';
import { DEFAULT_THRESHOLD, sealingFieldError } from './sealing-error';

export interface ChallengeFormValues {
  title: string;
  summary: string;
  description: string;
  deliverables?: string;
  seven_end?: string;
  scenario_domain?: string;
  indicators: Indicator[];
  required_labels?: string[];
  allowed_districts?: string[];
  consortium_allowed?: boolean;
  consortium_max_members?: number;
  applications_per_org?: number;
  criteria: Omit<Criterion, 'id'>[];
  reward_amount: number;
  funding_source?: string;
  mode: 'jiebang' | 'horse_race';
  max_winners: number;
  min_applications: number;
  publicity_working_days: number;
  application_deadline: Dayjs;
  publish_at?: Dayjs | null;
  sealing: 'service' | 'custodians';
  custodians?: string[];
  custodian_threshold?: number;
}

const STEPS: { key: string; fields: string[] }[] = [
  { key: 'task', fields: ['title', 'summary', 'description', 'deliverables', 'seven_end', 'scenario_domain'] },
  { key: 'indicators', fields: ['indicators'] },
  {
    key: 'eligibility',
    fields: ['required_labels', 'allowed_districts', 'consortium_allowed', 'consortium_max_members', 'applications_per_org'],
  },
  { key: 'criteria', fields: ['criteria'] },
  // The sealing mode sits with the other award rules (the default keeps the walks' steps as they were).
  {
    key: 'reward',
    fields: [
      'reward_amount',
      'funding_source',
      'mode',
      'max_winners',
      'min_applications',
      'publicity_working_days',
      'sealing',
      'custodians',
      'custodian_threshold',
    ],
  },
  { key: 'dates', fields: ['application_deadline', 'publish_at'] },
];

export function toChallengeCreate(v: ChallengeFormValues): ChallengeCreate {
  return {
    title: v.title,
    summary: v.summary,
    description: v.description,
    deliverables: (v.deliverables ?? '')
      .split('\n')
      .map((d) => d.trim())
      .filter(Boolean),
    end_tags: v.seven_end ? [v.seven_end] : [],
    scenario_domain: v.scenario_domain ?? '',
    indicators: v.indicators,
    eligibility: {
      required_qualifications: v.required_labels ?? [],
      allowed_districts: v.allowed_districts ?? [],
      consortium_allowed: v.consortium_allowed ?? false,
      consortium_max_members: v.consortium_allowed ? (v.consortium_max_members ?? 3) : 1,
      applications_per_org: v.applications_per_org ?? 1,
    },
    // Scores are keyed by criterion id, so ids are stable positions.
    criteria: v.criteria.map((c, i) => ({ id: `c${i + 1}`, name: c.name, weight: c.weight, min_score: 0, max_score: c.max_score ?? 100 })),
    reward_amount: v.reward_amount,
    funding_source: v.funding_source,
    mode: v.mode,
    max_winners: v.max_winners,
    min_applications: v.min_applications,
    publicity_working_days: v.publicity_working_days,
    application_deadline: beijingToIso(v.application_deadline),
    publish_at: v.publish_at ? beijingToIso(v.publish_at) : null,
    sealing: v.sealing,
    ...(v.sealing === 'custodians'
      ? { custodians: v.custodians ?? [], custodian_threshold: v.custodian_threshold ?? DEFAULT_THRESHOLD }
      : {}),
  };
}

export function ChallengeForm({
  onSubmit,
  error,
  sealingFields,
}: {
  onSubmit: (body: ChallengeCreate) => Promise<unknown>;
  error?: unknown;
  /** the sealing step's fields (the custodian picker, composed by the route) */
  sealingFields?: ReactNode;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ChallengeFormValues>();
  const [step, setStep] = useState(0);
  const [busy, setBusy] = useState(false);
  const last = step === STEPS.length - 1;

  const next = async () => {
    await form.validateFields(STEPS[step]?.fields ?? []);
    if (!last) setStep(step + 1);
    else {
      setBusy(true);
      try {
        await onSubmit(toChallengeCreate(form.getFieldsValue(true) as ChallengeFormValues));
      } catch (e) {
        // A refusal naming a custodian field shows on that field (the server's `custodians.<i>`).
        const named = e instanceof ProblemError ? sealingFieldError(e.problem.field, e.problem.code, e.message, t) : null;
        if (named) {
          form.setFields([named]);
          setStep(STEPS.findIndex((x) => x.key === 'reward'));
        }
        throw e;
      } finally {
        setBusy(false);
      }
    }
  };

  return (
    <Card>
      <Steps
        current={step}
        size="small"
        items={STEPS.map((s) => ({ title: t(`challengeForm.step_${s.key}`) }))}
        style={{ marginBottom: 24 }}
      />
      <ProblemAlert error={error} />
      <Form<ChallengeFormValues>
        form={form}
        layout="vertical"
        initialValues={{
          mode: 'jiebang',
          max_winners: 1,
          min_applications: 1,
          publicity_working_days: 5,
          applications_per_org: 1,
          indicators: [{}],
          criteria: [{ max_score: 100 }],
          sealing: 'service',
          custodian_threshold: DEFAULT_THRESHOLD,
        }}
      >
        {STEPS.map((s, i) => (
          <div key={s.key} style={{ display: i === step ? 'block' : 'none' }}>
            {s.key === 'task' && <TaskFields />}
            {s.key === 'indicators' && <IndicatorFields />}
            {s.key === 'eligibility' && <EligibilityFields />}
            {s.key === 'criteria' && <CriteriaFields />}
            {s.key === 'reward' && (
              <>
                <RewardFields />
                {sealingFields}
              </>
            )}
            {s.key === 'dates' && <DateFields />}
          </div>
        ))}
      </Form>
      <Space>
        {step > 0 && <Button onClick={() => setStep(step - 1)}>{t('common.previous')}</Button>}
        <Button type="primary" loading={busy} onClick={() => void next().catch(() => undefined)}>
          {last ? t('challengeForm.saveDraft') : t('common.next')}
        </Button>
      </Space>
    </Card>
  );
}
