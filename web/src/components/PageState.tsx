import { Alert, Button, Result, Spin } from 'antd';
import { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/index.ts';
import type { MessageKey } from '../i18n/index.ts';

/** A centred spinner for a page whose data is on its way. */
export function PageLoading() {
  const { t } = useI18n();
  return (
    <div style={{ display: 'flex', justifyContent: 'center', padding: 48 }} role="status" aria-live="polite">
      <Spin tip={t('common.loading')} size="large">
        <div style={{ width: 120, height: 60 }} />
      </Spin>
    </div>
  );
}

/** The catalogue key for an error the API (or the network) gave. */
export function errorKey(e: unknown): MessageKey {
  if (e instanceof ApiError) {
    if (e.status === 0) return 'common.network';
    if (e.status === 401) return 'common.sessionExpired';
    if (e.status === 403) return 'common.forbidden';
    if (e.status === 404) return 'common.notFound';
    if (e.status === 409) return 'common.conflict';
  }
  return 'common.error';
}

/** A page that could not load: what went wrong in the reader's language, and a retry. */
export function PageError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const key = errorKey(error);
  if (key === 'common.notFound') return <Result status="404" title={t('common.notFound')} />;
  return (
    <Alert
      type="error"
      showIcon
      title={t(key)}
      action={onRetry ? <Button onClick={onRetry}>{t('common.retry')}</Button> : undefined}
      style={{ margin: 16 }}
    />
  );
}
