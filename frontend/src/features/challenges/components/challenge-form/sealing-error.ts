export const DEFAULT_THRESHOLD = 2;

/** The form field a server refusal names (`custodians.<i>`, `custodian_threshold`), with its message. */
export function sealingFieldError(
  field: unknown,
  code: unknown,
  detail: string,
  t: (key: string) => string,
): { name: 'custodians' | 'custodian_threshold'; errors: string[] } | null {
  if (typeof field !== 'string') return null;
  const known =
    typeof code === 'string' && ['custodians-required', 'custodian-threshold', 'custodian-repeated', 'no-opening-key'].includes(code);
  const message = known ? t(`custody.${code}`) : detail;
  if (field === 'custodian_threshold') return { name: 'custodian_threshold' as const, errors: [message] };
  if (field === 'custodians' || field.startsWith('custodians.')) return { name: 'custodians' as const, errors: [message] };
  return null;
}
