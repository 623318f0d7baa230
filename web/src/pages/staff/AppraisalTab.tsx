import { App as AntApp, Button, Card, Descriptions, Empty, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { PageError } from '../../components/PageState.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { useI18n } from '../../i18n/index.ts';
import { monthOf, staffApi, type PostRow, type RankRow, type StoredSheet } from './api.ts';

function thisMonth(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit' }).format(Date.now()).slice(0, 7);
}

/** A month's appraisal: compute, the sheets you may see, one sheet (score, sign, print, Excel), the ranking per store. */
export function AppraisalTab() {
  const { t, locale } = useI18n();
  const { message } = AntApp.useApp();
  const [month, setMonth] = useState(thisMonth);
  const p = monthOf(month);
  const sheets = useLoad(() => staffApi.sheets(p.from, p.to), [month]);
  const rank = useLoad(() => staffApi.ranking(p.from, p.to), [month]);
  const posts = useLoad(() => staffApi.posts(p.from, p.to), [month]);
  const [openId, setOpenId] = useState<string | undefined>();
  const lang = locale === 'zh-CN' ? 'zh' : 'en';

  async function compute() {
    try {
      const r = await staffApi.compute(p.from, p.to);
      void message.success(t('staff.appraisal.computed', { n: r.written.length, signed: r.signed.length }));
      sheets.reload();
      rank.reload();
      posts.reload();
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : t('common.error'));
    }
  }

  if (sheets.error) return <PageError error={sheets.error} onRetry={sheets.reload} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Space wrap className="sf-no-print">
        <input aria-label={t('staff.appraisal.month')} type="month" value={month} onChange={(e) => e.target.value && (setMonth(e.target.value), setOpenId(undefined))} className="ant-input" style={{ width: 160 }} />
        <Button type="primary" onClick={() => void compute()}>
          {t('staff.appraisal.compute')}
        </Button>
      </Space>
      <Table<StoredSheet>
        className="sf-no-print"
        rowKey="id"
        size="small"
        loading={sheets.loading}
        dataSource={sheets.data ?? []}
        locale={{ emptyText: <Empty description={t('staff.appraisal.none')} /> }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: true }}
        onRow={(s) => ({ onClick: () => setOpenId(s.id), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('staff.appraisal.person'), key: 'n', render: (_: unknown, s: StoredSheet) => <Button type="link" onClick={() => setOpenId(s.id)}>{`${s.sheet.name} (${s.sheet.staffId})`}</Button> },
          { title: t('staff.appraisal.store'), key: 's', render: (_: unknown, s: StoredSheet) => s.sheet.storeId ?? '—' },
          { title: t('staff.appraisal.score'), key: 'sc', render: (_: unknown, s: StoredSheet) => s.sheet.score },
          { title: t('staff.appraisal.total'), key: 't', render: (_: unknown, s: StoredSheet) => s.sheet.total },
          { title: t('staff.appraisal.status'), key: 'st', render: (_: unknown, s: StoredSheet) => <Tag color={s.status === 'signed' ? 'green' : 'default'}>{t(`staff.appraisal.status.${s.status}`)}</Tag> },
        ]}
      />
      {openId && <SheetCard id={openId} lang={lang} onChange={() => (sheets.reload(), rank.reload())} />}
      <Typography.Title level={2} style={{ fontSize: 18 }} className="sf-no-print">
        {t('staff.ranking.title')}
      </Typography.Title>
      <Table<RankRow>
        className="sf-no-print"
        rowKey={(r) => `${r.storeId}:${r.staffId}`}
        size="small"
        dataSource={rank.data ?? []}
        locale={{ emptyText: <Empty description={t('staff.appraisal.none')} /> }}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: t('staff.appraisal.store'), dataIndex: 'storeId', render: (v: string | null) => v ?? '—' },
          { title: t('staff.ranking.rank'), dataIndex: 'rank' },
          { title: t('staff.appraisal.person'), key: 'n', render: (_: unknown, r: RankRow) => `${r.name} (${r.staffId})` },
          { title: t('staff.appraisal.score'), dataIndex: 'score' },
          { title: t('staff.appraisal.total'), dataIndex: 'total' },
        ]}
      />
      <Typography.Title level={2} style={{ fontSize: 18 }} className="sf-no-print">
        {t('staff.posts.title')}
      </Typography.Title>
      <Table<PostRow>
        className="sf-no-print"
        rowKey="post"
        size="small"
        dataSource={posts.data ?? []}
        locale={{ emptyText: <Empty description={t('staff.appraisal.none')} /> }}
        pagination={false}
        scroll={{ x: true }}
        columns={[
          { title: t('staff.posts.post'), dataIndex: 'post' },
          { title: t('staff.posts.people'), dataIndex: 'people' },
          { title: t('staff.posts.avgScore'), dataIndex: 'avgScore' },
          { title: t('staff.posts.tasksDone'), dataIndex: 'tasksDone' },
          { title: t('staff.posts.sla'), dataIndex: 'slaCompliance', render: (v: number | null) => (v === null ? '—' : `${Math.round(v * 1000) / 10}%`) },
          { title: t('staff.appraisal.total'), dataIndex: 'total' },
        ]}
      />
    </Space>
  );
}

function SheetCard({ id, lang, onChange }: { id: string; lang: 'zh' | 'en'; onChange: () => void }) {
  const { t, dateTime } = useI18n();
  const { message } = AntApp.useApp();
  const sheet = useLoad(() => staffApi.sheet(id, lang), [id, lang]);
  const [score, setScore] = useState<number | null>(null);
  async function run(p: Promise<unknown>) {
    try {
      await p;
      sheet.reload();
      onChange();
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : t('common.error'));
    }
  }
  if (sheet.error) return <PageError error={sheet.error} onRetry={sheet.reload} />;
  if (!sheet.data) return null;
  const s = sheet.data;
  return (
    <Card
      data-sheet={s.id}
      title={`${s.sheet.name} (${s.sheet.staffId})`}
      extra={
        <Space className="sf-no-print" wrap>
          <Button onClick={() => window.print()}>{t('staff.appraisal.print')}</Button>
          <Button href={staffApi.xlsxUrl(s.id, lang)}>{t('staff.appraisal.excel')}</Button>
        </Space>
      }
    >
      <Table
        size="small"
        pagination={false}
        showHeader={false}
        rowKey={(_, i) => String(i)}
        dataSource={(s.rows ?? []).map((r) => ({ item: r[0], value: r[1] }))}
        columns={[
          { dataIndex: 'item', key: 'item' },
          { dataIndex: 'value', key: 'value', align: 'right' as const },
        ]}
      />
      <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
        <Descriptions.Item label={t('staff.appraisal.status')}>
          {s.status === 'signed' ? t('staff.appraisal.signedBy', { by: s.signedBy ?? '', at: dateTime(s.signedAt) }) : t('staff.appraisal.status.draft')}
        </Descriptions.Item>
      </Descriptions>
      {s.status === 'draft' && (
        <Space wrap className="sf-no-print">
          <InputNumber aria-label={t('staff.appraisal.supervisorScore')} placeholder={t('staff.appraisal.supervisorScore')} min={0} max={10} step={0.5} value={score} onChange={(v) => setScore(v)} style={{ width: 160 }} />
          <Button disabled={score === null} onClick={() => score !== null && void run(staffApi.score(s.id, score))}>
            {t('staff.appraisal.saveScore')}
          </Button>
          <Button type="primary" onClick={() => void run(staffApi.sign(s.id))}>
            {t('staff.appraisal.sign')}
          </Button>
        </Space>
      )}
    </Card>
  );
}
