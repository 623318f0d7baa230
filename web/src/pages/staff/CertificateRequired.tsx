import { Typography } from 'antd';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.ts';
import type { CertificateNeed } from './api.ts';

/** The certificate a refused claim or completion needed, when that was the reason (403 CERTIFICATE_REQUIRED). */
export function certificateNeed(e: unknown): CertificateNeed | undefined {
  if (!(e instanceof ApiError) || e.code !== 'CERTIFICATE_REQUIRED') return undefined;
  const c = (e.body as { certificate?: Partial<CertificateNeed> } | undefined)?.certificate;
  return typeof c?.certType === 'string' && typeof c.process === 'string' ? (c as CertificateNeed) : undefined;
}

/** Where the person studies for it: the Training tab on the step's post. */
export function studyPath(need: CertificateNeed): string {
  const q = new URLSearchParams({ tab: 'training', process: need.process, ...(need.role ? { role: need.role } : {}) });
  return `/staff?${q.toString()}`;
}

/**
 * What the inbox and the task page say: which certificate, and how to get it (study and quiz,
 * a supervisor's sign-off, the store manager issues it) or renew it. Rendered inside antd's
 * message, which sits outside the router: the page passes its own navigation.
 */
export function CertificateRequired({ need, onStudy }: { need: CertificateNeed; onStudy: (path: string) => void }) {
  const { t, date } = useI18n();
  const cert = <span translate="no">{need.certType}</span>;
  const what =
    need.state === 'expired'
      ? t('staff.certNeed.expired', { cert: '\u0000', date: need.expiresAt === null ? '' : date(need.expiresAt) })
      : t(need.state === 'revoked' ? 'staff.certNeed.revoked' : 'staff.certNeed.missing', { cert: '\u0000' });
  // The certificate type is an id (not a word of the app): it goes in as an element marked translate="no".
  const [before, after] = what.split('\u0000');
  const path = studyPath(need);
  return (
    <span data-certificate-required={need.certType}>
      {before}
      {cert}
      {after} {need.state === 'expired' ? t('staff.certNeed.renew') : t('staff.certNeed.howToGet')}{' '}
      {need.state !== 'expired' && (
        <Typography.Link
          href={path}
          onClick={(e) => {
            e.preventDefault();
            onStudy(path);
          }}
        >
          {t('staff.certNeed.study')}
        </Typography.Link>
      )}
    </span>
  );
}
