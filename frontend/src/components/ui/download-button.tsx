import { DownloadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Button } from 'antd';
import type { ReactNode } from 'react';
import { saveFile } from '@/lib/download';
import { ProblemAlert } from './problem-alert';

interface Props {
  /** The typed call that answers the file (`parseAs: 'blob'`, through unwrapBlob). */
  file: () => Promise<Blob>;
  filename: string;
  children: ReactNode;
  testId?: string;
}

/** A button that downloads an authorised file, showing the problem if the server refuses it. */
export function DownloadButton({ file, filename, children, testId }: Props) {
  const download = useMutation({ mutationFn: async () => saveFile(await file(), filename) });
  return (
    <>
      <Button icon={<DownloadOutlined />} loading={download.isPending} onClick={() => download.mutate()} data-testid={testId}>
        {children}
      </Button>
      {download.error && <ProblemAlert error={download.error} />}
    </>
  );
}
