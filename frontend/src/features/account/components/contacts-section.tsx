import { Button, Form, Input, Radio, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { formatBeijing } from '@/lib/time';
import {
  useContacts,
  useRemoveContact,
  useSendCode,
  useSetDigest,
  useSetLocale,
  useVerifyCode,
  type Channel,
  type Contacts,
} from '../api/contacts';

function ContactRow({ channel, contacts }: { channel: Channel; contacts: Contacts }) {
  const { t } = useTranslation();
  const send = useSendCode(channel);
  const verify = useVerifyCode(channel);
  const remove = useRemoveContact(channel);
  const [address, setAddress] = useState('');
  const [code, setCode] = useState('');
  const verified = channel === 'email' ? contacts.email : contacts.mobile;
  const verifiedAt = channel === 'email' ? contacts.email_verified_at : contacts.mobile_verified_at;
  const pending = channel === 'email' ? contacts.pending_email : contacts.pending_mobile;
  const label = t(`contacts.${channel}`);
  return (
    <section data-testid={`contact-${channel}`} style={{ marginBottom: 24 }}>
      <Typography.Title level={5}>{label}</Typography.Title>
      <Typography.Paragraph>
        {verified ? (
          <Space wrap>
            <span data-testid={`verified-${channel}`}>{verified}</span>
            <Tag color="green">{t('contacts.verified')}</Tag>
            {verifiedAt && <Typography.Text type="secondary">{formatBeijing(verifiedAt)}</Typography.Text>}
            <Button size="small" danger loading={remove.isPending} onClick={() => remove.mutate()}>
              {t('contacts.remove')}
            </Button>
          </Space>
        ) : (
          <Typography.Text type="secondary">{t('contacts.none')}</Typography.Text>
        )}
      </Typography.Paragraph>
      <ProblemAlert error={send.error ?? verify.error ?? remove.error} />
      <Form layout="inline" onFinish={() => send.mutate(address.trim(), { onSuccess: () => setCode('') })}>
        <Form.Item label={verified ? t('contacts.change', { label }) : t('contacts.add', { label })}>
          <Input
            value={address}
            onChange={(e) => setAddress(e.target.value)}
            aria-label={label}
            placeholder={channel === 'email' ? 'name@example.cn' : '138 0000 0000'}
            inputMode={channel === 'email' ? 'email' : 'tel'}
            autoComplete={channel === 'email' ? 'email' : 'tel'}
            style={{ width: 240 }}
          />
        </Form.Item>
        <Button htmlType="submit" loading={send.isPending} disabled={!address.trim()}>
          {t('contacts.sendCode')}
        </Button>
      </Form>
      {pending && (
        <Form
          layout="inline"
          style={{ marginTop: 12 }}
          onFinish={() =>
            verify.mutate(code.trim(), {
              onSuccess: () => {
                setCode('');
                setAddress('');
              },
            })
          }
        >
          <Typography.Paragraph type="secondary" style={{ width: '100%' }}>
            {t('contacts.codeSent', { address: pending })}
          </Typography.Paragraph>
          <Form.Item label={t('contacts.code')}>
            <Input
              value={code}
              onChange={(e) => setCode(e.target.value)}
              aria-label={t('contacts.code')}
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              style={{ width: 120 }}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={verify.isPending} disabled={code.trim().length !== 6}>
            {t('contacts.verify')}
          </Button>
        </Form>
      )}
    </section>
  );
}

export function ContactsSection() {
  const { t } = useTranslation();
  const { data, error } = useContacts();
  const locale = useSetLocale();
  const digest = useSetDigest();
  if (error) return <ProblemAlert error={error} />;
  if (!data) return null;
  return (
    <>
      <Typography.Paragraph type="secondary">{t('contacts.intro')}</Typography.Paragraph>
      <ContactRow channel="email" contacts={data} />
      <ContactRow channel="mobile" contacts={data} />
      <Typography.Title level={5}>{t('contacts.locale')}</Typography.Title>
      <ProblemAlert error={locale.error} />
      <Radio.Group
        value={data.locale}
        onChange={(e) => locale.mutate(e.target.value as 'zh' | 'en')}
        options={[
          { value: 'zh', label: '中文' },
          { value: 'en', label: 'English' },
        ]}
      />
      <Typography.Title level={5}>{t('contacts.digestTitle')}</Typography.Title>
      <ProblemAlert error={digest.error} />
      <Space>
        <Switch
          data-testid="email-digest"
          aria-label={t('contacts.digestTitle')}
          checked={data.email_digest ?? false}
          loading={digest.isPending}
          onChange={(on) => digest.mutate(on)}
        />
        <Typography.Text type="secondary">{t('contacts.digestHint')}</Typography.Text>
      </Space>
    </>
  );
}
