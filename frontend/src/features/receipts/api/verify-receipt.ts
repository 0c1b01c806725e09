import { queryOptions } from '@tanstack/react-query';
import { unwrap, workflow } from '@/api/clients';
import type { components } from '@/api/generated/workflow';

export type ReceiptVerification = components['schemas']['ReceiptVerification'];

export interface ReceiptPair {
  receiptNo: string;
  sha256: string;
}

export async function verifyReceipt({ receiptNo, sha256 }: ReceiptPair): Promise<ReceiptVerification> {
  return unwrap(await workflow.GET('/receipts/verify', { params: { query: { receipt_no: receiptNo, sha256 } } }));
}

export const verifyReceiptQueryOptions = (pair: ReceiptPair) =>
  queryOptions({
    queryKey: ['receipts', 'verify', pair.receiptNo, pair.sha256],
    queryFn: () => verifyReceipt(pair),
    enabled: Boolean(pair.receiptNo && pair.sha256),
    retry: false,
  });
