import { Card, Col, Empty, Input, Row, Segmented, Space, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../api/endpoints.ts';
import type { SopSummary } from '../../api/types.ts';
import { PageError } from '../../components/PageState.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { isMessageKey, LText, pickText, useI18n } from '../../i18n/index.ts';

/** The name of an industry in the reader's language ("other" for one the catalogue lacks). */
export function useIndustryName(): (industry: string | null | undefined) => string {
  const { t } = useI18n();
  return (industry) => {
    const k = `industry.${industry ?? 'other'}`;
    return isMessageKey(k) ? t(k) : t('industry.other');
  };
}

/** The SOP library: the organisation's processes by industry, searchable. */
export default function LibraryPage() {
  const { t, locale } = useI18n();
  const industryName = useIndustryName();
  const [params, setParams] = useSearchParams();
  const industry = params.get('industry') ?? '';
  const q = params.get('q') ?? '';
  const defs = useLoad(() => api.definitions(), []);
  const all = defs.data?.items ?? [];
  const industries = useMemo(() => [...new Set(all.map((d) => d.industry ?? 'other'))].sort(), [all]);
  const shown = all.filter(
    (d) =>
      (industry === '' || (d.industry ?? 'other') === industry) &&
      (q === '' || `${d.name.zh ?? ''} ${d.name.en ?? ''} ${d.key}`.toLowerCase().includes(q.toLowerCase())),
  );
  const set = (k: string, v: string) => {
    const p = new URLSearchParams(params);
    if (v === '') p.delete(k);
    else p.set(k, v);
    setParams(p, { replace: true });
  };
  if (defs.error && !defs.data) return <PageError error={defs.error} onRetry={defs.reload} />;

  const card = (d: SopSummary) => (
    <Col key={d.key} xs={24} sm={12} lg={8}>
      <Card
        size="small"
        title={
          <Link to={`/library/${encodeURIComponent(d.key)}`}>
            <LText value={d.name} fallback={d.key} />
          </Link>
        }
        extra={<Tag color={d.status === 'published' ? 'green' : d.status === 'draft' ? 'orange' : 'default'}>{t(`lib.status.${d.status}`)}</Tag>}
        style={{ height: '100%' }}
      >
        <Space orientation="vertical" size={4}>
          <Typography.Text type="secondary">
            {industryName(d.industry)} · {t('common.version', { v: d.publishedVersion ?? d.latestVersion })}
            {d.steps !== undefined ? <> · {t('lib.steps', { n: d.steps })}</> : null}
          </Typography.Text>
          {d.description && (
            <Typography.Paragraph ellipsis={{ rows: 3 }} style={{ marginBottom: 0 }} lang={pickText(d.description, locale).lang}>
              {pickText(d.description, locale).text}
            </Typography.Paragraph>
          )}
        </Space>
      </Card>
    </Col>
  );

  return (
    <>
      <div className="sf-page-head">
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {t('lib.title')}
        </Typography.Title>
      </div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented
          aria-label={t('lib.industry')}
          value={industry}
          onChange={(v) => set('industry', String(v))}
          options={[{ value: '', label: t('lib.allIndustries') }, ...industries.map((i) => ({ value: i, label: industryName(i) }))]}
        />
        <Input.Search aria-label={t('lib.search')} placeholder={t('lib.search')} defaultValue={q} allowClear onSearch={(v) => set('q', v)} style={{ width: 220 }} />
      </Space>
      {defs.loading && !defs.data ? null : shown.length === 0 ? (
        <Empty description={t('lib.empty')} />
      ) : (
        <Row gutter={[16, 16]}>{shown.map(card)}</Row>
      )}
    </>
  );
}
