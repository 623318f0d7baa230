import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataDirFrom } from '../store/open.ts';

/**
 * Channel and webhook secrets at rest: AES-256-GCM with a key that is NOT in the database, so a
 * copy of the database (a backup, a dump handed to support) does not carry usable SMTP
 * passwords, SMS keys, WeCom corp secrets or webhook signing secrets.
 *
 * Stored form: `sf1:<key id>:<iv>:<tag>:<ciphertext>` (base64url parts). The key id (first 8 hex
 * of SHA-256 of the key) makes "encrypted with another key" a clear error instead of an
 * authentication failure. The row's identity is the additional authenticated data, so a sealed
 * value copied into another row (another organisation's channel) does not open there.
 *
 * The key: SERVFLOW_SECRET_KEY (32 bytes as 64 hex digits or base64), else the file
 * `secret.key` in the data directory (SERVFLOW_DATA or ./data), generated once with mode 0600.
 * Several servers on one PostgreSQL database must share the key: set SERVFLOW_SECRET_KEY.
 *
 * Values written before encryption existed are plain text (no `sf1:` prefix): they are read as
 * they are and sealed on first use (see channel-store.ts, webhook-store.ts) or all at once by
 * `sealStoredSecrets`.
 */

export const SEALED_PREFIX = 'sf1:';
const KEY_BYTES = 32;
export const KEY_FILE = 'secret.key';

export class SecretKeyError extends Error {
  override readonly name = 'SecretKeyError';
}

export interface SecretBox {
  /** First 8 hex digits of SHA-256 of the key: names the key without revealing it. */
  readonly keyId: string;
  /** Encrypts `plain` for the row named by `context`. */
  seal(plain: string, context: string): string;
  /** Decrypts a sealed value of the row `context`; a value without the prefix is plain text from before encryption and is returned as it is. */
  open(stored: string, context: string): string;
}

/** True when a stored value is encrypted (not a plain value from before encryption). */
export function isSealed(stored: string): boolean {
  return stored.startsWith(SEALED_PREFIX);
}

export function secretBox(key: Buffer): SecretBox {
  if (key.length !== KEY_BYTES) throw new SecretKeyError(`the secret key must be ${KEY_BYTES} bytes, not ${key.length}`);
  const keyId = createHash('sha256').update(key).digest('hex').slice(0, 8);
  return {
    keyId,
    seal(plain, context) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      c.setAAD(Buffer.from(context, 'utf8'));
      const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return `${SEALED_PREFIX}${keyId}:${iv.toString('base64url')}:${c.getAuthTag().toString('base64url')}:${ct.toString('base64url')}`;
    },
    open(stored, context) {
      if (!isSealed(stored)) return stored;
      const [id, iv, tag, ct] = stored.slice(SEALED_PREFIX.length).split(':');
      if (id === undefined || iv === undefined || tag === undefined || ct === undefined) throw new SecretKeyError(`a stored secret of ${context} is damaged`);
      if (id !== keyId)
        throw new SecretKeyError(`the secret of ${context} was encrypted with key ${id}, but this server has key ${keyId}: start it with the SERVFLOW_SECRET_KEY (or data directory ${KEY_FILE}) that encrypted it`);
      try {
        const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        d.setAAD(Buffer.from(context, 'utf8'));
        d.setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
      } catch {
        throw new SecretKeyError(`the stored secret of ${context} does not decrypt: it was altered or belongs to another row`);
      }
    },
  };
}

/** A key written as 64 hex digits or as base64 of 32 bytes. */
export function parseKey(text: string, where: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : /^[A-Za-z0-9+/_-]{43}=?$/.test(t) ? Buffer.from(t, 'base64') : undefined;
  if (key === undefined || key.length !== KEY_BYTES)
    throw new SecretKeyError(`${where} must be a 32-byte key: 64 hex digits or base64 (make one with: openssl rand -hex 32)`);
  return key;
}

/**
 * The key file in a data directory, created (32 random bytes, hex, mode 0600) when missing. A
 * file others may read is refused: the key is as secret as everything it protects.
 */
export function keyFromFile(dir: string): Buffer {
  const path = join(dir, KEY_FILE);
  mkdirSync(dir, { recursive: true });
  try {
    // 'wx' fails when the file exists: two processes starting at once keep the first one's key.
    writeFileSync(path, `${randomBytes(KEY_BYTES).toString('hex')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0)
    throw new SecretKeyError(`${path} can be read by other users: run chmod 600 ${path}`);
  return parseKey(readFileSync(path, 'utf8'), path);
}

/** The key the environment names: SERVFLOW_SECRET_KEY, else the data directory's key file. */
export function secretKeyFrom(env: Readonly<Record<string, string | undefined>>, cwd?: string): Buffer {
  const k = env.SERVFLOW_SECRET_KEY;
  if (k !== undefined && k !== '') return parseKey(k, 'SERVFLOW_SECRET_KEY');
  return keyFromFile(dataDirFrom(env, cwd));
}

let current: SecretBox | undefined;

/** Sets the process's secret box (the server at start, tests with a key of their own). */
export function useSecretBox(box: SecretBox): void {
  current = box;
}

/** Sets the process's secret box from an environment (see secretKeyFrom). */
export function useSecretKeyFrom(env: Readonly<Record<string, string | undefined>>): SecretBox {
  current = secretBox(secretKeyFrom(env));
  return current;
}

/** The process's secret box; on first use without a configured one, from process.env. */
export function secrets(): SecretBox {
  current ??= secretBox(secretKeyFrom(process.env));
  return current;
}

/** The AAD of a channel secret and of a webhook signing secret. */
export const channelContext = (orgId: string, kind: string) => `notify_channels/${orgId}/${kind}`;
export const webhookContext = (id: string) => `webhook_subscriptions/${id}`;
