import { Alert, Button, Descriptions, Form, Input, Modal, Progress, Space, Typography, Upload } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemAlert } from '@/components/ui/problem-alert';
import { saveFile } from '@/lib/download';
import type { KeyFile } from '../keyfile';
import { type LoadedKey, backupFile, createKey, fingerprintDisplay, loadKey, parseBackup, restoreKey } from '../keystore';
import { useMyOpeningKey, useRegisterOpeningKey } from '../api/custody';

interface Props {
  userId: string;
  /** scrypt cost for new backups (tests lower it; the default is keyfile.ts's 2^17) */
  scryptN?: number;
}

/** The custodian's key screen: generate (with its backup), register, restore, replace. */
export function OpeningKeyPanel({ userId, scryptN }: Props) {
  const { t } = useTranslation();
  const server = useMyOpeningKey();
  const register = useRegisterOpeningKey();
  const queryClient = useQueryClient();
  const localKey = ['custody', 'local-key', userId] as const;
  const localQuery = useQuery({ queryKey: localKey, queryFn: () => loadKey(userId), staleTime: Infinity });
  const local = localQuery.data;
  const setLocal = (key: LoadedKey) => queryClient.setQueryData(localKey, key);
  const [backup, setBackup] = useState<KeyFile | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [replacing, setReplacing] = useState(false);
  const [restoreFile, setRestoreFile] = useState<KeyFile | null>(null);

  const generate = async ({ passphrase }: { passphrase: string }) => {
    setError(null);
    setProgress(0);
    try {
      const made = await createKey(userId, passphrase, { n: scryptN, onProgress: (p) => setProgress(Math.round(p * 100)) });
      setBackup(made.backup);
      setLocal(made.key);
      await register.mutateAsync(made.key.publicKey);
      setReplacing(false);
    } catch (e) {
      setError(e);
    } finally {
      setProgress(null);
    }
  };

  const restore = async ({ passphrase }: { passphrase: string }) => {
    if (!restoreFile) return;
    setError(null);
    setProgress(0);
    try {
      setLocal(await restoreKey(userId, restoreFile, passphrase, { onProgress: (p) => setProgress(Math.round(p * 100)) }));
      setRestoreFile(null);
    } catch (e) {
      setError(e);
    } finally {
      setProgress(null);
    }
  };

  if (server.isLoading || localQuery.isLoading) return null;
  const registered = server.data ?? null;
  if (localQuery.error) return <ProblemAlert error={localQuery.error} />;
  const matches = !!registered && !!local && registered.fingerprint === local.fingerprint;
  const showGenerate = replacing || (!registered && !local);

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Paragraph>{t('custody.intro')}</Typography.Paragraph>
      <ProblemAlert error={error ?? server.error ?? register.error} />
      {registered && (
        <Descriptions column={1} bordered size="small">
          <Descriptions.Item label={t('custody.fingerprint')}>
            <Typography.Text code data-testid="opening-key-fingerprint">
              {registered.fingerprint_display}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label={t('custody.registeredAt')}>{new Date(registered.registered_at).toLocaleString()}</Descriptions.Item>
          {registered.challenges.length > 0 && (
            <Descriptions.Item label={t('custody.challenges')}>{registered.challenges.join('、')}</Descriptions.Item>
          )}
        </Descriptions>
      )}
      {matches && <Alert type="success" showIcon message={t('custody.registered')} data-testid="opening-key-ok" />}
      {registered && !local && <Alert type="warning" showIcon message={t('custody.serverOnly')} data-testid="opening-key-server-only" />}
      {registered && local && !matches && <Alert type="warning" showIcon message={t('custody.mismatch')} />}
      {!registered && local && !replacing && (
        <Space direction="vertical">
          <Typography.Text code>{fingerprintDisplay(local.fingerprint)}</Typography.Text>
          <Button
            type="primary"
            loading={register.isPending}
            onClick={() => void register.mutateAsync(local.publicKey).catch(() => undefined)}
          >
            {t('custody.registerThis')}
          </Button>
        </Space>
      )}
      {backup && (
        <Alert
          type="info"
          showIcon
          message={t('custody.backupReady')}
          action={
            <Button
              data-testid="opening-key-download"
              onClick={() => {
                const file = backupFile(userId, backup);
                saveFile(file.blob, file.name);
              }}
            >
              {t('custody.downloadBackup')}
            </Button>
          }
        />
      )}
      {progress !== null && <Progress percent={progress} size="small" aria-label={t('custody.generating')} />}
      {showGenerate && (
        <Form layout="vertical" onFinish={(v: { passphrase: string }) => void generate(v)} style={{ maxWidth: 420 }}>
          {!registered && <Typography.Paragraph>{t('custody.noKey')}</Typography.Paragraph>}
          <Form.Item
            name="passphrase"
            label={t('custody.passphrase')}
            extra={t('custody.passphraseHint')}
            rules={[{ required: true, min: 12, message: t('custody.passphraseShort') }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirm"
            label={t('custody.passphraseConfirm')}
            dependencies={['passphrase']}
            rules={[
              { required: true, message: t('custody.passphraseMismatch') },
              ({ getFieldValue }) => ({
                validator: (_, value) =>
                  value === getFieldValue('passphrase') ? Promise.resolve() : Promise.reject(new Error(t('custody.passphraseMismatch'))),
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={progress !== null}>
            {t('custody.generate')}
          </Button>
        </Form>
      )}
      {registered && !matches && !replacing && (
        <Form layout="vertical" onFinish={(v: { passphrase: string }) => void restore(v)} style={{ maxWidth: 420 }}>
          <Typography.Title level={5}>{t('custody.restore')}</Typography.Title>
          <Form.Item label={t('custody.restoreFile')}>
            <Upload
              accept="application/json,.json"
              maxCount={1}
              beforeUpload={(file) => {
                void file.text().then(
                  (text) => {
                    try {
                      setRestoreFile(parseBackup(text));
                    } catch (e) {
                      setError(e);
                    }
                  },
                  (e: unknown) => setError(e),
                );
                return false;
              }}
            >
              <Button>{t('custody.restoreFile')}</Button>
            </Upload>
          </Form.Item>
          <Form.Item name="passphrase" label={t('custody.passphrase')} rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Button htmlType="submit" disabled={!restoreFile} loading={progress !== null}>
            {t('custody.restore')}
          </Button>
        </Form>
      )}
      {registered && !replacing && (
        <Button
          danger
          onClick={() =>
            Modal.confirm({
              title: t('custody.replaceTitle'),
              content: t('custody.replaceBody'),
              onOk: () => {
                setBackup(null);
                setReplacing(true);
              },
            })
          }
        >
          {t('custody.replace')}
        </Button>
      )}
    </Space>
  );
}
