import { DownloadOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Button } from 'antd';
import type { ReactNode } from 'react';
import { downloadFile } from '@/lib/download';
import type { RequestOptions } from '@/lib/api-client';
import { ProblemAlert } from './problem-alert';

interface Props {
  path: string;
  filename: string;
  options?: Pick<RequestOptions, 'query' | 'form'>;
  children: ReactNode;
  testId?: string;
}

/** A button that downloads an authorised file, showing the problem if the server refuses it. */
export function DownloadButton({ path, filename, options, children, testId }: Props) {
  const download = useMutation({ mutationFn: () => downloadFile(path, filename, options) });
  return (
    <>
      <Button icon={<DownloadOutlined />} loading={download.isPending} onClick={() => download.mutate()} data-testid={testId}>
        {children}
      </Button>
      {download.error && <ProblemAlert error={download.error} />}
    </>
  );
}
