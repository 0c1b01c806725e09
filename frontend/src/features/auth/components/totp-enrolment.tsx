import { Alert, Button, Descriptions, Form, Input, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { homeForRoles, useAuth } from '@/lib/auth';
import { useConfirmTotp, useEnrolTotp } from '../api/totp';

export function TotpEnrolment() {
  const { t } = useTranslation();
  const { me } = useAuth();
  const navigate = useNavigate();
  const enrol = useEnrolTotp();
  const confirm = useConfirmTotp();

  // The recovery codes first: once confirmed, the refreshed /me already says the factor is on.
  if (confirm.data) {
    return (
      <>
        <Alert type="success" showIcon style={{ marginBottom: 16 }} message={t('totp.enabled')} />
        <Typography.Title level={5}>{t('totp.recoveryTitle')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('totp.recoveryHint')}</Typography.Paragraph>
        <List
          data-testid="recovery-codes"
          bordered
          size="small"
          dataSource={confirm.data.recovery_codes}
          renderItem={(code) => (
            <List.Item>
              <Typography.Text code copyable>
                {code}
              </Typography.Text>
            </List.Item>
          )}
          style={{ marginBottom: 16 }}
        />
        <Button type="primary" onClick={() => void navigate(homeForRoles(me?.roles ?? []))}>
          {t('totp.done')}
        </Button>
      </>
    );
  }
  if (me?.user.totp_enabled) {
    return <Alert type="success" showIcon message={t('totp.enabled')} />;
  }
  return (
    <>
      {me?.totp_enrolment_required && <Alert type="warning" showIcon style={{ marginBottom: 16 }} message={t('totp.required')} />}
      <Typography.Paragraph>{t('totp.intro')}</Typography.Paragraph>
      <ProblemAlert error={enrol.error} />
      {enrol.data ? (
        <>
          <Descriptions column={1} bordered size="small" style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('totp.uri')}>
              <Typography.Text copyable data-testid="totp-uri" style={{ wordBreak: 'break-all' }}>
                {enrol.data.otpauth_uri}
              </Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('totp.secret')}>
              <Typography.Text code copyable data-testid="totp-secret">
                {enrol.data.secret}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          <ProblemAlert error={confirm.error} />
          <Form<{ code: string }> layout="vertical" requiredMark={false} onFinish={({ code }) => confirm.mutate(code)}>
            <Form.Item name="code" label={t('totp.code')} rules={[{ required: true, pattern: /^[0-9]{6}$/, message: t('totp.codeRule') }]}>
              <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} style={{ maxWidth: 200 }} />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={confirm.isPending}>
              {t('totp.confirm')}
            </Button>
          </Form>
        </>
      ) : (
        <Button type="primary" onClick={() => enrol.mutate()} loading={enrol.isPending}>
          {t('totp.start')}
        </Button>
      )}
    </>
  );
}
