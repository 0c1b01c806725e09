import { DatePicker, Form, Input, Modal } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { beijing, beijingToIso } from '@/lib/time';
import type { Challenge } from '@/types/api';
import { useAmendChallenge } from '../api/amend-challenge';

interface Values {
  description?: string;
  deadline?: Dayjs;
  reason: string;
}

export function AmendDialog({
  challenge,
  etag,
  open,
  onClose,
  onReload,
}: {
  challenge: Challenge;
  etag: string | null;
  open: boolean;
  onClose: () => void;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const amend = useAmendChallenge();

  const submit = async () => {
    const v = await form.validateFields();
    await amend.mutateAsync({
      id: challenge.id,
      etag: etag ?? `"${challenge.version}"`,
      reason: v.reason,
      changes: {
        description: v.description,
        application_deadline: v.deadline ? beijingToIso(v.deadline) : undefined,
      },
    });
    onClose();
  };

  return (
    <Modal
      open={open}
      title={t('actions.amend')}
      onCancel={onClose}
      confirmLoading={amend.isPending}
      onOk={() => void submit().catch(() => undefined)}
      destroyOnHidden
    >
      <ProblemAlert
        error={amend.error}
        onReload={() => {
          amend.reset();
          onReload();
        }}
      />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{
          description: challenge.description,
          deadline: challenge.application_deadline ? beijing(challenge.application_deadline) : undefined,
        }}
      >
        <Form.Item name="description" label={t('challengeForm.description')}>
          <Input.TextArea rows={5} />
        </Form.Item>
        <Form.Item name="deadline" label={t('challengeForm.deadline')} extra={t('challenge.amendDeadlineHint')}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('challenge.amendReason')}
          rules={[{ required: true, whitespace: true, message: t('challenge.amendReasonRequired') }]}
        >
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
