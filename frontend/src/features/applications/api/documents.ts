import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { unwrapBlob, workflow } from '@/api/clients';
import type { DocumentMeta } from '@/types/api';

/** What the browser may show itself: the server answers `inline` for exactly these. */
export const PREVIEWABLE = ['application/pdf', 'image/png', 'image/jpeg', 'image/gif'];
export const previewable = (d: Pick<DocumentMeta, 'content_type'>) => PREVIEWABLE.includes(d.content_type);

// Documents need the bearer token, so a plain <a href> or <iframe src> cannot fetch them: each read is a
// fetch into a Blob (and each read is audited by the server).
export async function fetchDocument(applicationId: string, index: number, inline: boolean): Promise<Blob> {
  return unwrapBlob(
    await workflow.GET('/applications/{application_id}/documents/{index}', {
      params: { path: { application_id: applicationId, index }, query: inline ? { inline: true } : undefined },
      headers: { Accept: '*/*' },
      parseAs: 'blob',
    }),
  );
}

export async function downloadDocument(applicationId: string, doc: DocumentMeta): Promise<void> {
  const url = URL.createObjectURL(await fetchDocument(applicationId, doc.index, false));
  const a = document.createElement('a');
  a.href = url;
  a.download = doc.name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A blob: URL of the document for an <iframe> or <img>, revoked when the preview goes away. */
export function useDocumentPreview(applicationId: string, doc: DocumentMeta, enabled: boolean) {
  const query = useQuery({
    queryKey: ['applications', applicationId, 'documents', doc.index, doc.sha256],
    queryFn: () => fetchDocument(applicationId, doc.index, true),
    enabled,
    staleTime: Infinity,
    retry: false,
  });
  const url = useMemo(() => (query.data ? URL.createObjectURL(query.data) : null), [query.data]);
  useEffect(
    () => () => {
      if (url) URL.revokeObjectURL(url);
    },
    [url],
  );
  return { url, error: query.error, isLoading: query.isLoading };
}
