import { Descriptions, Result, Spin, Steps, Tag, Typography } from 'antd';
import { useParams } from 'react-router';
import { ApiError } from '../../../api/client.ts';
import { PublicFrame } from '../booking/PublicFrame.tsx';
import { useLoad } from '../../../hooks/useLoad.ts';
import { LText, useI18n } from '../../../i18n/index.ts';
import { apptApi } from '../../appointments/api.ts';

const STATE_COLOR = { active: 'blue', completed: 'green', cancelled: 'default', failed: 'red' } as const;

/**
 * "Where is my car / my repair / my complaint": the page behind a case-status link (no login,
 * made for phones). Shows the steps in progress and done, the promised time, never who works
 * on it.
 */
export default function PublicStatusPage() {
  const { token = '' } = useParams();
  const { t, dateTime } = useI18n();
  const s = useLoad(() => apptApi.status(token), [token]);

  let body;
  if (s.error) {
    const gone = s.error instanceof ApiError && s.error.status === 410;
    body = <Result status={gone ? 'warning' : '404'} title={gone ? t('pubStatus.expired') : s.error instanceof ApiError && s.error.status === 404 ? t('pubStatus.invalid') : t('common.network')} />;
  } else if (!s.data) body = <Spin />;
  else {
    const d = s.data;
    body = (
      <>
        <Typography.Title level={2} style={{ fontSize: 18 }}>
          <LText value={d.process} />
          {d.store !== null && (
            <Typography.Text type="secondary" style={{ fontSize: 14 }}>
              {' · '}
              <span translate="no">{d.store}</span>
            </Typography.Text>
          )}
        </Typography.Title>
        <Descriptions column={1} size="small">
          <Descriptions.Item label={t('pubStatus.state')}>
            <Tag color={STATE_COLOR[d.status]}>{t(`pubStatus.state.${d.status}`)}</Tag>
          </Descriptions.Item>
          {d.slaDueAt !== null && <Descriptions.Item label={t('pubStatus.promised')}>{dateTime(d.slaDueAt)}</Descriptions.Item>}
          <Descriptions.Item label={t('pubStatus.startedAt')}>{dateTime(d.startedAt)}</Descriptions.Item>
          {d.endedAt !== null && <Descriptions.Item label={t('pubStatus.endedAt')}>{dateTime(d.endedAt)}</Descriptions.Item>}
        </Descriptions>
        {d.current.length > 0 && (
          <>
            <Typography.Title level={3} style={{ fontSize: 16 }}>
              {t('pubStatus.current')}
            </Typography.Title>
            <ul style={{ paddingInlineStart: 20 }}>
              {d.current.map((c, i) => (
                <li key={i}>
                  <Typography.Text strong>
                    <LText value={c.name} />
                  </Typography.Text>
                  {c.waitingForYou && <Tag color="orange" style={{ marginInlineStart: 8 }}>{t('pubStatus.waitingForYou')}</Tag>}
                  <div>
                    <Typography.Text type="secondary">{t('pubStatus.started', { time: dateTime(c.since) })}</Typography.Text>
                  </div>
                </li>
              ))}
            </ul>
          </>
        )}
        <Typography.Title level={3} style={{ fontSize: 16 }}>
          {t('pubStatus.done')}
        </Typography.Title>
        {d.done.length === 0 ? (
          <Typography.Text type="secondary">{t('pubStatus.noneDone')}</Typography.Text>
        ) : (
          <Steps orientation="vertical" size="small" current={d.done.length} items={d.done.map((x) => ({ title: <LText value={x.name} />, description: dateTime(x.at), status: 'finish' as const }))} />
        )}
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, fontSize: 12 }}>
          {t('pubStatus.linkUntil', { time: dateTime(d.linkExpiresAt) })}
        </Typography.Paragraph>
      </>
    );
  }

  return <PublicFrame heading={t('pubStatus.title')}>{body}</PublicFrame>;
}
