import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../i18n/index.ts';

/** Any path the app does not know. */
export default function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Result
      status="404"
      title={t('common.notFound')}
      extra={
        <Link to="/inbox">
          <Button type="primary">{t('nav.inbox')}</Button>
        </Link>
      }
    />
  );
}
