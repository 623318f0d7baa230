import { Alert, Button, Card, Col, Descriptions, Empty, Input, List, Row, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { PageError, PageLoading } from '../../components/PageState.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { useI18n } from '../../i18n/index.ts';
import { customersApi, type Card as MemberCard, type Customer, type LedgerEntry } from './api.ts';
import { TierTag } from './CustomersPage.tsx';

/** One customer: archive with tier, what is outstanding, membership cards with their ledgers, case history, notes. */
export default function CustomerPage() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const customer = useLoad((s) => customersApi.get(id, s), [id]);
  if (customer.error && !customer.data) return <PageError error={customer.error} onRetry={customer.reload} />;
  if (!customer.data) return <PageLoading />;
  const c = customer.data;
  return (
    <>
      <div className="sf-page-head">
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          <span translate="no">{c.name ?? c.id}</span> <TierTag tier={c.tier} />
        </Typography.Title>
        <Link to="/customers">{t('cust.back')}</Link>
      </div>
      {c.erased && <Alert type="info" showIcon title={t('cust.erased')} style={{ marginBottom: 16 }} />}
      <Outstanding c={c} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Archive c={c} />
            <Notes id={c.id} />
          </Space>
        </Col>
        <Col xs={24} lg={12}>
          <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
            <Cards id={c.id} />
            <Cases id={c.id} />
          </Space>
        </Col>
      </Row>
    </>
  );
}

function money(number: (n: number, o?: Intl.NumberFormatOptions) => string, cents: number): string {
  return number(cents / 100, { style: 'currency', currency: 'CNY' });
}

/** What the customer owes on cards (signed for): reception sees it first. */
function Outstanding({ c }: { c: Customer }) {
  const { t, number } = useI18n();
  if (c.outstanding.cents <= 0 && c.outstanding.sessions <= 0) return null;
  const parts = [
    ...(c.outstanding.cents > 0 ? [t('cust.owesMoney', { amount: money(number, c.outstanding.cents) })] : []),
    ...(c.outstanding.sessions > 0 ? [t('cust.owesSessions', { n: c.outstanding.sessions })] : []),
  ];
  return <Alert type="warning" showIcon title={t('cust.outstandingTitle')} description={parts.join(' · ')} style={{ marginBottom: 16 }} />;
}

function Archive({ c }: { c: Customer }) {
  const { t, number, dateTime } = useI18n();
  const yesNo = (v: boolean) => (v ? t('cust.yes') : t('cust.no'));
  return (
    <Card size="small" title={t('cust.archive')}>
      {c.masked && <Typography.Paragraph type="secondary">{t('cust.maskedNote')}</Typography.Paragraph>}
      <Descriptions
        column={1}
        size="small"
        items={[
          { key: 'id', label: t('cust.number'), children: <span translate="no">{c.id}</span> },
          { key: 'phones', label: t('cust.phones'), children: <span translate="no">{c.phones.join(', ') || '—'}</span> },
          { key: 'idNumber', label: t('cust.idNumber'), children: <span translate="no">{c.idNumber ?? '—'}</span> },
          { key: 'tier', label: t('cust.tier'), children: <>{<TierTag tier={c.tier} />} {c.tierByRule && <Typography.Text type="secondary">{t('cust.tierByRule')}</Typography.Text>}</> },
          { key: 'tags', label: t('cust.tags'), children: c.tags.length === 0 ? '—' : c.tags.map((x) => <Tag key={x} translate="no">{x}</Tag>) },
          { key: 'owner', label: t('cust.owner'), children: <span translate="no">{c.ownerStaffId ?? '—'}</span> },
          { key: 'purchases', label: t('cust.purchases'), children: t('cust.purchasesValue', { total: money(number, c.purchases.totalCents), n: c.purchases.count }) },
          ...Object.entries(c.consent).map(([k, v]) => ({ key: `consent-${k}`, label: t('cust.consent', { what: k }), children: yesNo(v) })),
          ...Object.entries(c.attributes).map(([k, v]) => ({ key: `attr-${k}`, label: <span translate="no">{k}</span>, children: <span translate="no">{typeof v === 'string' ? v : JSON.stringify(v)}</span> })),
          { key: 'created', label: t('cust.since'), children: dateTime(c.createdAt) },
        ]}
      />
    </Card>
  );
}

function Cards({ id }: { id: string }) {
  const { t, number } = useI18n();
  const cards = useLoad((s) => customersApi.cards(id, s), [id]);
  const [open, setOpen] = useState<string | undefined>();
  const show = (card: MemberCard, n: number) => (card.kind === 'balance' ? money(number, n) : t('cust.sessionsValue', { n }));
  return (
    <Card size="small" title={t('cust.cards')}>
      {cards.error ? (
        <PageError error={cards.error} onRetry={cards.reload} />
      ) : (cards.data?.items ?? []).length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cust.noCards')} />
      ) : (
        <List
          size="small"
          dataSource={[...(cards.data?.items ?? [])]}
          renderItem={(card) => (
            <List.Item key={card.id} style={{ display: 'block' }}>
              <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
                <span>
                  <Tag>{t(card.kind === 'balance' ? 'cust.kind.balance' : 'cust.kind.sessions')}</Tag> <span translate="no">{card.label}</span>
                </span>
                <Typography.Text strong type={card.balance < 0 ? 'danger' : undefined}>
                  {show(card, card.balance)}
                </Typography.Text>
                <Button size="small" onClick={() => setOpen(open === card.id ? undefined : card.id)}>
                  {open === card.id ? t('cust.hideLedger') : t('cust.showLedger')}
                </Button>
              </Space>
              {open === card.id && <Ledger card={card} show={show} />}
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function Ledger({ card, show }: { card: MemberCard; show: (card: MemberCard, n: number) => string }) {
  const { t, dateTime } = useI18n();
  const ledger = useLoad((s) => customersApi.card(card.id, s), [card.id]);
  if (ledger.error) return <PageError error={ledger.error} onRetry={ledger.reload} />;
  return (
    <Table<LedgerEntry>
      rowKey="seq"
      size="small"
      style={{ marginTop: 8 }}
      scroll={{ x: 560 }}
      loading={ledger.loading}
      pagination={false}
      dataSource={[...(ledger.data?.ledger ?? [])]}
      columns={[
        { key: 'at', title: t('cust.ledger.at'), render: (_, e) => dateTime(e.at) },
        { key: 'kind', title: t('cust.ledger.kind'), render: (_, e) => t(`cust.entry.${e.kind}`) },
        { key: 'amount', title: t('cust.ledger.amount'), render: (_, e) => show(card, e.amount) },
        { key: 'after', title: t('cust.ledger.after'), render: (_, e) => <>{show(card, e.balanceAfter)} {e.signed && <Tag color="red">{t('cust.signed')}</Tag>}</> },
        { key: 'case', title: t('cust.ledger.case'), render: (_, e) => (e.caseId ? <Link to={`/cases/${encodeURIComponent(e.caseId)}`}><span translate="no">{e.caseId.slice(0, 8)}</span></Link> : e.reason ?? '') },
        { key: 'staff', title: t('cust.ledger.staff'), render: (_, e) => <span translate="no">{e.staffId}</span> },
      ]}
    />
  );
}

function Cases({ id }: { id: string }) {
  const { t, dateTime } = useI18n();
  const cases = useLoad((s) => customersApi.cases(id, s), [id]);
  return (
    <Card size="small" title={t('cust.cases')}>
      {cases.error ? (
        <PageError error={cases.error} onRetry={cases.reload} />
      ) : (
        <List
          size="small"
          loading={cases.loading}
          locale={{ emptyText: t('cust.noCases') }}
          dataSource={[...(cases.data?.items ?? [])]}
          renderItem={(k) => (
            <List.Item key={k.id} extra={<Tag>{t(`cases.status.${k.status as 'active'}`)}</Tag>}>
              <Link to={`/cases/${encodeURIComponent(k.id)}`}>
                <span translate="no">{k.process}</span>
              </Link>{' '}
              <Typography.Text type="secondary">{dateTime(k.startedAt)}</Typography.Text>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}

function Notes({ id }: { id: string }) {
  const { t, dateTime } = useI18n();
  const notes = useLoad((s) => customersApi.notes(id, s), [id]);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const add = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await customersApi.addNote(id, text);
      setText('');
      notes.reload();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  // Auditors may not read notes (403): the card says so instead of failing the page.
  const forbidden = (notes.error as { status?: number } | undefined)?.status === 403;
  return (
    <Card size="small" title={t('cust.notes')}>
      {forbidden ? (
        <Typography.Text type="secondary">{t('cust.notesHidden')}</Typography.Text>
      ) : (
        <>
          <List
            size="small"
            loading={notes.loading}
            locale={{ emptyText: t('cust.noNotes') }}
            dataSource={[...(notes.data?.items ?? [])]}
            renderItem={(n) => (
              <List.Item key={n.id}>
                <div>
                  <Typography.Paragraph translate="no" style={{ marginBottom: 0, whiteSpace: 'pre-wrap' }}>{n.text}</Typography.Paragraph>
                  <Typography.Text type="secondary">
                    <span translate="no">{n.by}</span> · {dateTime(n.at)}
                  </Typography.Text>
                </div>
              </List.Item>
            )}
          />
          {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} />}
          <Space.Compact style={{ width: '100%', marginTop: 8 }}>
            <Input aria-label={t('cust.addNote')} placeholder={t('cust.addNote')} value={text} onChange={(e) => setText(e.target.value)} onPressEnter={() => text.trim() && void add()} />
            <Button type="primary" loading={busy} disabled={text.trim() === ''} onClick={() => void add()}>
              {t('cust.save')}
            </Button>
          </Space.Compact>
        </>
      )}
    </Card>
  );
}
