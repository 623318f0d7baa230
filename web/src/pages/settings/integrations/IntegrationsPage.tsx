import { Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { useI18n } from '../../../i18n/index.ts';
import { ChannelsPanel } from './ChannelsPanel.tsx';
import { OutboxPanel } from './OutboxPanel.tsx';
import { WebhooksPanel } from './WebhooksPanel.tsx';

/**
 * Settings → integrations (organisation admins): the notification channels and their routing,
 * the webhooks with their delivery log, and the notification outbox. The tab is in the URL.
 */
export default function IntegrationsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'channels';
  return (
    <>
      <div className="sf-page-head">
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {t('integ.title')}
        </Typography.Title>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k }, { replace: true })}
        destroyOnHidden
        items={[
          { key: 'channels', label: t('integ.tab.channels'), children: <ChannelsPanel /> },
          { key: 'webhooks', label: t('integ.tab.webhooks'), children: <WebhooksPanel /> },
          { key: 'outbox', label: t('integ.tab.outbox'), children: <OutboxPanel /> },
        ]}
      />
    </>
  );
}
