/**
 * Errors as RFC 9457 problem details (`application/problem+json`). Every refusal the API makes
 * is an `ApiProblem` with a stable `code` (what clients branch on) and a `detail` a person can
 * act on; `issues` name the fields at fault.
 */

export interface ProblemIssue {
  /** Where the problem is: `body.form.mileage`, `query.limit`, `source:12:3`… */
  readonly path: string;
  readonly message: string;
}

export interface ProblemBody {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly requestId?: string;
  readonly issues?: readonly ProblemIssue[];
  /** For conflicts: the current state of what the caller tried to change. */
  readonly current?: unknown;
  /** For throttling: seconds until a retry can succeed. */
  readonly retryAfter?: number;
}

export const PROBLEM_TYPE_BASE = 'https://servflow.dev/problems/';

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad request',
  401: 'Not signed in',
  403: 'Not allowed',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  410: 'Gone',
  413: 'Request too large',
  415: 'Unsupported media type',
  422: 'Unprocessable request',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Unavailable',
};

/** A refusal with its HTTP status, stable code and actionable message. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly extra: { readonly issues?: readonly ProblemIssue[]; readonly current?: unknown; readonly retryAfter?: number } = {},
  ) {
    super(detail);
    this.name = 'ApiProblem';
  }

  /** The JSON body for this problem. */
  body(requestId?: string): ProblemBody {
    return {
      type: PROBLEM_TYPE_BASE + this.code.toLowerCase().replaceAll('_', '-'),
      title: TITLES[this.status] ?? 'Error',
      status: this.status,
      code: this.code,
      detail: this.detail,
      ...(requestId !== undefined ? { requestId } : {}),
      ...(this.extra.issues !== undefined && this.extra.issues.length > 0 ? { issues: this.extra.issues } : {}),
      ...(this.extra.current !== undefined ? { current: this.extra.current } : {}),
      ...(this.extra.retryAfter !== undefined ? { retryAfter: this.extra.retryAfter } : {}),
    };
  }
}

/** 404 for anything the caller may not see: another organisation's ids look like missing ones. */
export function notFound(what: string, id: string): ApiProblem {
  return new ApiProblem(404, 'NOT_FOUND', `there is no ${what} "${id}" (or it is not visible to you)`);
}

/** 403 for something the caller can see but may not do. */
export function forbidden(detail: string): ApiProblem {
  return new ApiProblem(403, 'FORBIDDEN', detail);
}
