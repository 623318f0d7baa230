import { Card, Empty, List, Tag, Typography } from 'antd';
import { ApiError } from '../../api/client.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useI18n } from '../../i18n/index.ts';
import { staffApi } from './api.ts';

/** For managers: who must re-train for the newest version (what changed in their steps). Hidden from others. */
export function RetrainCard({ process, version }: { process: string; version: number }) {
  const { t } = useI18n();
  const r = useLoad(() => staffApi.retrain(process, version - 1, version).catch((e: unknown) => (e instanceof ApiError && e.status === 403 ? null : Promise.reject(e))), [process, version]);
  if (r.data === null || r.data === undefined) return null;
  return (
    <Card size="small" title={t('staff.retrain.title', { from: version - 1, to: version })}>
      {r.data.people.length === 0 ? (
        <Empty description={t('staff.retrain.none')} />
      ) : (
        <List
          size="small"
          dataSource={r.data.people}
          renderItem={(p) => (
            <List.Item>
              <Typography.Text strong>{`${p.name} (${p.staffId})`}</Typography.Text> <Tag>{p.role}</Tag>
              {p.steps.map((s) => (
                <Tag key={s.step} color={s.change === 'added' ? 'blue' : 'orange'}>
                  {t(`staff.retrain.${s.change === 'added' ? 'added' : 'changed'}`, { step: s.step })}
                </Tag>
              ))}
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
