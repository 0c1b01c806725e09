import { authFetch, buildQuery, type RequestOptions } from './api-client';
import { problemFromResponse } from './problem';

/** Saves what an authorised GET (or a POST of a form) returns as a file; a problem+json answer is thrown. */
export async function downloadFile(path: string, filename: string, options: Pick<RequestOptions, 'query' | 'form'> = {}): Promise<void> {
  const res = await authFetch(`${path}${buildQuery(options.query)}`, {
    method: options.form ? 'POST' : 'GET',
    body: options.form,
  });
  if (!res.ok) throw await problemFromResponse(res);
  const url = URL.createObjectURL(await res.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
