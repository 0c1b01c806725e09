import { UploadOutlined } from '@ant-design/icons';
import { Button, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DocumentUpload } from '@/types/api';

const MAX_BYTES = 10 * 1024 * 1024;
const ACCEPT = '.pdf,.docx,.xlsx,.jpg,.jpeg,.png,.zip';

async function toUpload(file: File): Promise<DocumentUpload> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { name: file.name, content_type: file.type || 'application/octet-stream', content_base64: btoa(binary) };
}

/** Documents travel inside the sealed application as base64; size and type are checked here first. */
export function DocumentField({ value = [], onChange, onReject }: {
  value?: DocumentUpload[];
  onChange?: (docs: DocumentUpload[]) => void;
  onReject: (name: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Upload
      accept={ACCEPT}
      multiple
      fileList={value.map((d, i) => ({ uid: String(i), name: d.name, status: 'done' as const }))}
      onRemove={(f) => onChange?.(value.filter((_, i) => String(i) !== f.uid))}
      beforeUpload={(file) => {
        if (file.size > MAX_BYTES) onReject(file.name);
        else void toUpload(file).then((doc) => onChange?.([...value, doc]));
        return false;
      }}
    >
      <Button icon={<UploadOutlined />}>{t('apply.addDocument')}</Button>
    </Upload>
  );
}
