import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Upload } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DocumentUpload } from '@/types/api';

// The workflow's document rules (application/schemas.py: DOCUMENT_MAX_BYTES, DOCUMENTS_MAX_COUNT,
// DOCUMENTS_MAX_BYTES; Settings.allowed_document_types), checked here so that a refusal names the
// file; the server checks again and its refusal is shown when the two disagree.
export const MAX_BYTES = 10 * 1024 * 1024;
export const MAX_DOCUMENTS = 5;
export const MAX_TOTAL_BYTES = 20 * 1024 * 1024;
const TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  txt: 'text/plain',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  zip: 'application/zip',
};
const ACCEPT = Object.keys(TYPES)
  .map((x) => `.${x}`)
  .join(',');

export type Refusal = { name: string; reason: 'size' | 'type' | 'count' | 'total' };

export function contentTypeOf(name: string): string | undefined {
  return TYPES[name.split('.').pop()?.toLowerCase() ?? ''];
}

async function toUpload(file: File, contentType: string): Promise<DocumentUpload> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { name: file.name, content_type: contentType, content_base64: btoa(binary) };
}

/** Documents travel inside the sealed application as base64; every chosen file is kept or refused with its reason. */
export function DocumentField({
  value = [],
  onChange,
  refusals,
  onRefuse,
}: {
  value?: DocumentUpload[];
  onChange?: (docs: DocumentUpload[]) => void;
  refusals: Refusal[];
  onRefuse: (refused: Refusal) => void;
}) {
  const { t } = useTranslation();
  // Files chosen together arrive in one beforeUpload call each, all before any re-render: the
  // first call takes the whole selection, so that none is added to a list that is already stale.
  const choose = (batch: File[]) => {
    const kept: { file: File; type: string }[] = [];
    // base64 is 4/3 of the bytes: the total already chosen, in decoded bytes.
    let total = value.reduce((sum, d) => sum + (d.content_base64.length * 3) / 4, 0);
    for (const file of batch) {
      const type = contentTypeOf(file.name);
      if (!type) onRefuse({ name: file.name, reason: 'type' });
      else if (file.size > MAX_BYTES) onRefuse({ name: file.name, reason: 'size' });
      else if (value.length + kept.length >= MAX_DOCUMENTS) onRefuse({ name: file.name, reason: 'count' });
      else if (total + file.size > MAX_TOTAL_BYTES) onRefuse({ name: file.name, reason: 'total' });
      else {
        total += file.size;
        kept.push({ file, type });
      }
    }
    void Promise.all(kept.map(({ file, type }) => toUpload(file, type))).then((docs) => docs.length > 0 && onChange?.([...value, ...docs]));
  };
  return (
    <>
      <Upload
        accept={ACCEPT}
        multiple
        fileList={value.map((d, i) => ({ uid: String(i), name: d.name, status: 'done' as const }))}
        onRemove={(f) => onChange?.(value.filter((_, i) => String(i) !== f.uid))}
        beforeUpload={(file, batch) => {
          if (file.uid === batch[0]?.uid) choose(batch);
          return false;
        }}
      >
        <Button icon={<UploadOutlined />}>{t('apply.addDocument')}</Button>
      </Upload>
      {refusals.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 8 }}
          data-testid="refused-documents"
          message={refusals.map((r) => (
            <div key={r.name}>
              {t(`apply.refused_${r.reason}`, {
                name: r.name,
                mb: MAX_BYTES / 1024 / 1024,
                n: MAX_DOCUMENTS,
                total: MAX_TOTAL_BYTES / 1024 / 1024,
              })}
            </div>
          ))}
        />
      )}
    </>
  );
}
