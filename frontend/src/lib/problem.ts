// RFC 9457 problem+json as thrown by every API call.
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  status_name?: string;
  challenge_status?: string;
  allowed_actions?: string[];
  errors?: unknown;
  [key: string]: unknown;
}

export class ProblemError extends Error {
  readonly problem: Problem;
  readonly retryAfter: number | null;

  constructor(problem: Problem, retryAfter: number | null = null) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`);
    this.name = 'ProblemError';
    this.problem = problem;
    this.retryAfter = retryAfter;
  }

  get status(): number {
    return this.problem.status;
  }

  /** Last path segment of the problem type URI, e.g. "conflict". */
  get code(): string | null {
    const type = this.problem.type;
    if (!type || type === 'about:blank') return null;
    return type.split('/').filter(Boolean).pop() ?? null;
  }
}

export async function problemFromResponse(res: Response): Promise<ProblemError> {
  let body: Partial<Problem>;
  try {
    const text = await res.text();
    body = text ? (JSON.parse(text) as Partial<Problem>) : {};
  } catch {
    body = {};
  }
  const retry = res.headers.get('Retry-After');
  return new ProblemError(
    { ...body, status: body.status ?? res.status, title: body.title ?? res.statusText },
    retry ? Number.parseInt(retry, 10) || null : null,
  );
}

type Translate = (key: string, options?: Record<string, unknown>) => string;

const byStatus: Record<number, string> = {
  400: 'errors.badRequest',
  401: 'errors.unauthorized',
  403: 'errors.forbidden',
  404: 'errors.notFound',
  409: 'errors.conflict',
  412: 'errors.stale',
  413: 'errors.tooLarge',
  422: 'errors.validation',
  428: 'errors.preconditionRequired',
  429: 'errors.throttled',
};

// Stable codes (the last segment of `type`) that deserve a more precise message than their status.
const byCode: Record<string, string> = {
  'invalid-credentials': 'errors.invalidCredentials',
  'login-throttled': 'errors.throttled',
  'account-suspended': 'errors.accountSuspended',
  'organisation-suspended': 'errors.organisationSuspended',
  'organisation-pending': 'errors.organisationPending',
  'username-taken': 'errors.usernameTaken',
  'credit-code-taken': 'errors.creditCodeTaken',
  'application-limit': 'errors.applicationLimit',
  'illegal-action': 'errors.conflict',
  conflict: 'errors.conflictGeneric',
  'deadline-passed': 'errors.deadlinePassed',
  'invalid-request': 'errors.badRequest',
  'not-found': 'errors.notFound',
  forbidden: 'errors.forbidden',
  unauthorized: 'errors.unauthorized',
  'invalid-refresh-token': 'errors.unauthorized',
  'too-many-requests': 'errors.throttled',
  'service-unavailable': 'errors.server',
  'not-pending': 'errors.conflictGeneric',
  'not-failed': 'errors.conflictGeneric',
  'stale-version': 'errors.stale',
  'if-match-required': 'errors.preconditionRequired',
  'payload-too-large': 'errors.tooLarge',
  'wrong-password': 'account.err_wrongPassword',
  'password-unchanged': 'account.err_unchanged',
  'password-reused': 'account.err_reused',
  'password-change-required': 'account.err_mustChange',
  'temporary-password-expired': 'account.err_temporaryExpired',
  'password-changed': 'account.err_changedMeanwhile',
  'totp-required': 'totp.err_required',
  'totp-invalid': 'totp.err_invalid',
  'totp-enrolment-required': 'totp.err_enrolmentRequired',
  'totp-already-enabled': 'totp.err_alreadyEnabled',
  'code-invalid': 'contacts.err_codeInvalid',
  'invalid-address': 'contacts.err_invalidAddress',
  'delivery-unavailable': 'contacts.err_deliveryUnavailable',
  'invalid-preference': 'errors.badRequest',
  'reset-link-unknown': 'resetLink.err_unknown',
  'reset-link-expired': 'resetLink.err_expired',
  'reset-link-used': 'resetLink.err_used',
  'reset-link-replaced': 'resetLink.err_replaced',
  'user-not-active': 'errors.conflictGeneric',
};

const weakPassword: Record<string, string> = {
  'too-short': 'account.weak_too_short',
  'too-simple': 'account.weak_too_simple',
  'contains-username': 'account.weak_contains_username',
  common: 'account.weak_common',
};

/** A plain-language message for any error, in the current language. */
export function describeError(error: unknown, t: Translate): string {
  if (error instanceof ProblemError) {
    const code = error.code;
    const reason = error.problem.reason;
    const weak = code === 'weak-password' && typeof reason === 'string' ? weakPassword[reason] : undefined;
    const key = weak ?? ((code && byCode[code]) || byStatus[error.status]);
    if (code === 'organisation-rejected') {
      return t('operator.verify.rejectedSignIn', { reason: typeof error.problem.reason === 'string' ? error.problem.reason : '—' });
    }
    if (error.status === 429) {
      return t('errors.throttled', { seconds: error.retryAfter ?? 60 });
    }
    if (key) {
      // The server's detail is English (or Chinese then English): a mapped code is shown only in
      // the chosen language, from the locale files.
      const state = error.problem.challenge_status ?? error.problem.status_name ?? error.problem.current_status;
      if (key === 'errors.conflict' && typeof state !== 'string') return t('errors.conflictGeneric');
      return t(key, { status: typeof state === 'string' ? t(`status.${state}`, { defaultValue: state }) : '—' });
    }
    if (error.status >= 500) return t('errors.server');
    return error.problem.detail ?? error.problem.title ?? t('errors.unknown');
  }
  if (error instanceof TypeError) return t('errors.network');
  return t('errors.unknown');
}
