import { ApartmentOutlined, EditOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, List, Space, Table, Tabs, Tag, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router';
import { api } from '../../api/endpoints.ts';
import type { ProcessNode, SopVersion } from '../../api/types.ts';
import { PageError, PageLoading } from '../../components/PageState.tsx';
import { bpmnApi } from '../../bpmn/api.ts';
import { BpmnDiagram } from '../../bpmn/BpmnDiagram.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { LText, useI18n, type MessageKey } from '../../i18n/index.ts';
import { useIndustryName } from './LibraryPage.tsx';
import { describeLimit } from './limits.ts';

/** One SOP: overview (steps, roles, limits), its diagram, its versions and its YAML source. */
export default function SopPage() {
  const { key = '' } = useParams();
  const [params] = useSearchParams();
  const { t, dateTime } = useI18n();
  const industryName = useIndustryName();
  const versions = useLoad(() => api.versions(key), [key]);
  const wanted = Number(params.get('version') ?? '0') || undefined;
  const latest = versions.data?.items.reduce<SopVersion | undefined>((a, v) => (a === undefined || v.version > a.version ? v : a), undefined);
  const published = versions.data?.items.filter((v) => v.status === 'published').reduce<SopVersion | undefined>((a, v) => (a === undefined || v.version > a.version ? v : a), undefined);
  const version = wanted ?? published?.version ?? latest?.version;
  const def = useLoad(async () => (version === undefined ? undefined : api.definition(key, version)), [key, version]);
  const source = useLoad(async () => (version === undefined ? undefined : api.source(key, version)), [key, version]);
  const xml = useLoad(async () => (version === undefined ? undefined : bpmnApi.xml(key, version)), [key, version]);

  if (versions.error && !versions.data) return <PageError error={versions.error} onRetry={versions.reload} />;
  if (def.error && !def.data) return <PageError error={def.error} onRetry={def.reload} />;
  if (!def.data) return <PageLoading />;
  const d = def.data;
  const steps = d.nodes.filter((n) => n.kind !== 'end');
  const role = (id: string) => d.roles.find((r) => r.id === id)?.name;

  const overview = (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {d.description && (
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          <LText value={d.description} />
        </Typography.Paragraph>
      )}
      <Descriptions
        size="small"
        column={{ xs: 1, md: 3 }}
        items={[
          { key: 'industry', label: t('lib.industry'), children: industryName(d.industry) },
          { key: 'roles', label: t('lib.roles'), children: d.roles.map((r) => <Tag key={r.id}><LText value={r.name} fallback={r.id} /></Tag>) },
          ...(d.seeds && d.seeds.length > 0 ? [{ key: 'seeds', label: t('lib.seeds'), children: <span translate="no">{d.seeds.join(', ')}</span> }] : []),
        ]}
      />
      <Card size="small" title={t('case.diagram')}>
        {xml.error ? <PageError error={xml.error} onRetry={xml.reload} /> : xml.data ? <BpmnDiagram xml={xml.data} nodes={d.nodes} roles={d.roles} /> : <PageLoading />}
      </Card>
      <Card size="small" title={t('lib.stepList')}>
        <List
          size="small"
          dataSource={steps as ProcessNode[]}
          renderItem={(n, i) => (
            <List.Item key={n.id}>
              <Space wrap>
                <Typography.Text strong>
                  {i + 1}. <LText value={n.name} fallback={n.id} />
                </Typography.Text>
                <Tag>{t(`kind.${n.kind}` as MessageKey)}</Tag>
                {n.kind === 'human' && (
                  <Tag color="blue">
                    <LText value={role(n.role)} fallback={n.role} />
                  </Tag>
                )}
                {n.kind === 'human' && n.sla && 'amount' in n.sla.due && (
                  <Typography.Text type="secondary">
                    {t('lib.slaValue', { limit: describeLimit(n.sla.due, t) })}
                  </Typography.Text>
                )}
              </Space>
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );

  const versionTable = (
    <Table<SopVersion>
      rowKey="version"
      size="small"
      pagination={false}
      dataSource={(versions.data?.items ?? []) as SopVersion[]}
      columns={[
        { key: 'v', title: t('lib.versions'), render: (_, v) => <Link to={`/library/${encodeURIComponent(key)}?version=${v.version}`}>{t('common.version', { v: v.version })}</Link> },
        { key: 's', title: t('cases.status'), render: (_, v) => <Tag color={v.status === 'published' ? 'green' : v.status === 'draft' ? 'orange' : 'default'}>{t(`lib.status.${v.status}`)}</Tag> },
        { key: 'c', title: t('inbox.created'), render: (_, v) => dateTime(v.publishedAt ?? v.createdAt) },
      ]}
    />
  );

  return (
    <>
      <div className="sf-page-head">
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          <LText value={d.name} fallback={key} />
        </Typography.Title>
        <Tag>{t('common.version', { v: d.version })}</Tag>
        <Space style={{ marginInlineStart: 'auto' }}>
          <Link to={`/cases?process=${encodeURIComponent(key)}`}>{t('lib.cases')}</Link>
          <Link to={`/library/${encodeURIComponent(key)}/edit?mode=bpmn${version ? `&from=${version}` : ''}`}>
            <Button icon={<ApartmentOutlined aria-hidden />}>{t('bpmn.design')}</Button>
          </Link>
          <Link to={`/library/${encodeURIComponent(key)}/edit${version ? `?from=${version}` : ''}`}>
            <Button type="primary" icon={<EditOutlined aria-hidden />}>
              {t('lib.edit')}
            </Button>
          </Link>
        </Space>
      </div>
      <Tabs
        items={[
          { key: 'overview', label: t('lib.overview'), children: overview },
          { key: 'versions', label: t('lib.versions'), children: versionTable },
          {
            key: 'source',
            label: t('lib.source'),
            children: (
              <pre className="sf-yaml" tabIndex={0} aria-label={t('lib.source')} style={{ background: '#fff', padding: 12, border: '1px solid #e5e7eb', borderRadius: 6, overflow: 'auto', maxHeight: '70vh' }}>
                {source.data?.source ?? ''}
              </pre>
            ),
          },
        ]}
      />
    </>
  );
}
