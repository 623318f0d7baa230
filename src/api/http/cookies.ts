import type { ApiConfig } from '../deps.ts';

/** The session cookie: HTTP-only (scripts can't read it), SameSite=Strict (other sites can't send it). */
export const SESSION_COOKIE = 'sf_session';

/** A Set-Cookie value that stores the session secret. */
export function sessionCookie(secret: string, config: ApiConfig): string {
  const maxAge = Math.floor(config.sessionMaxMs / 1000);
  return `${SESSION_COOKIE}=${secret}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${config.secureCookies ? '; Secure' : ''}`;
}

/** A Set-Cookie value that removes the session cookie. */
export function clearSessionCookie(config: ApiConfig): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${config.secureCookies ? '; Secure' : ''}`;
}

/** The value of one cookie from a Cookie header (first occurrence), or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
