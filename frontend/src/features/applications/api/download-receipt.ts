import { unwrap, workflow } from '@/api/clients';

/** The signed PDF receipt, saved under the name the server gives it. */
export async function downloadReceiptPdf(applicationId: string, receiptNo: string): Promise<void> {
  const blob = unwrap(
    await workflow.GET('/applications/{application_id}/receipt.pdf', {
      params: { path: { application_id: applicationId } },
      parseAs: 'blob',
    }),
  ) as Blob;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `receipt-${receiptNo}.pdf`;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoked on the next turn: the click has handed the blob to the download by then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
