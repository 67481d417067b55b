import { type ApiFailure, failure } from './envelopes.js';

/**
 * Who sent a request: the credential kind for the log and the rate-limit key, or the failure
 * to answer.
 *
 * @example
 * ```ts
 * const a: Authentication = { auth: 'token', budgetKey: 'user:owner@saasprovider.com', failure: undefined };
 * ```
 */
export interface Authentication {
  auth: 'token' | 'key' | 'none' | 'invalid';
  /** Key of the user's request budget (valid credentials only; see {@link userBudgetKey}). */
  budgetKey: string | undefined;
  failure: ApiFailure | undefined;
}

const TOKEN_CHARS = /^[A-Za-z0-9_\-.~+/=]+$/;

/**
 * The request budget key of the simulator's one user. The API token, the Global API key and
 * its email all belong to that user, and Cloudflare's limit is per user, cumulative across
 * credentials (§1.5), so every valid credential spends the same budget.
 *
 * @example
 * ```ts
 * userBudgetKey({ email: 'Owner@SaaSProvider.com' }); // 'user:owner@saasprovider.com'
 * ```
 */
export function userBudgetKey(creds: { email: string }): string {
  return `user:${creds.email.toLowerCase()}`;
}

function denied(auth: Authentication['auth'], status: number, code: number, message: string): Authentication {
  return { auth, budgetKey: undefined, failure: failure(status, code, message) };
}

/**
 * Checks the credentials of an API request (§1.2, codes §7.1):
 * - no `Authorization` and no `X-Auth-*` header → 400 / 1403;
 * - `Authorization` that is not `Bearer …` → 401 / 1002; `Bearer` with nothing → 401 / 1000;
 *   a token with characters a token never has → 401 / 1001; any other wrong token → 401 / 1003;
 * - only one of `X-Auth-Key` / `X-Auth-Email` → 400 / 1403; a wrong pair → 401 / 1003.
 *
 * @example
 * ```ts
 * authenticate(new Headers({ authorization: 'Bearer wrong' }), creds).failure?.status; // 401
 * ```
 */
export function authenticate(
  headers: Headers,
  creds: { apiToken: string; apiKey: string; email: string },
): Authentication {
  const authorization = headers.get('authorization');
  const key = headers.get('x-auth-key');
  const email = headers.get('x-auth-email');
  if (authorization !== null) {
    const match = /^Bearer(?:\s+(.*))?$/i.exec(authorization.trim());
    if (!match) return denied('invalid', 401, 1002, 'Invalid Authorization header: expected "Bearer <token>".');
    const token = (match[1] ?? '').trim();
    if (token === '') return denied('invalid', 401, 1000, 'Bearer token is missing.');
    if (!TOKEN_CHARS.test(token)) return denied('invalid', 401, 1001, 'Bearer token could not be parsed.');
    if (token !== creds.apiToken) return denied('invalid', 401, 1003, 'Invalid API Token: verification failed.');
    return { auth: 'token', budgetKey: userBudgetKey(creds), failure: undefined };
  }
  if (key === null && email === null) {
    return denied('none', 400, 1403, 'No Authorization header was provided.');
  }
  if (key === null || email === null) {
    return denied('invalid', 400, 1403, 'X-Auth-Key and X-Auth-Email must be sent together.');
  }
  if (key !== creds.apiKey || email.toLowerCase() !== creds.email.toLowerCase()) {
    return denied('invalid', 401, 1003, 'Unknown X-Auth-Key or X-Auth-Email: verification failed.');
  }
  return { auth: 'key', budgetKey: userBudgetKey(creds), failure: undefined };
}
