import { Button, Card, Empty, Modal, Segmented, Select, Space, Tag, Typography, App as AntApp } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { PageError, PageLoading } from '../../components/PageState.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { useI18n } from '../../i18n/index.ts';
import { BookingDialog } from './BookingDialog.tsx';
import { addDays, apptApi, dayStart, localDate, localTime, type Appointment, type ApptService, type ApptStatus } from './api.ts';

const STATUS_COLOR: Record<ApptStatus, string> = { booked: 'blue', confirmed: 'geekblue', checked_in: 'green', cancelled: 'default', no_show: 'red' };

/**
 * A store's appointments as a calendar: the day by staff member (one column each) or the week by
 * day; a booking dialog with the free slots; confirm, check-in (starts the SOP case), cancel,
 * no-show and .ics export on each appointment.
 */
export default function AppointmentsPage() {
  const { t, locale } = useI18n();
  const { message } = AntApp.useApp();
  const stores = useLoad(() => api.stores(), []);
  const [storeId, setStoreId] = useState<string | undefined>();
  const store = stores.data?.items.find((s) => s.id === storeId) ?? stores.data?.items[0];
  const tz = store?.timeZone ?? 'Asia/Shanghai';
  const [date, setDate] = useState(() => localDate(Date.now(), tz));
  const [view, setView] = useState<'day' | 'week'>('day');
  const [staffFilter, setStaffFilter] = useState<string | undefined>();
  const [booking, setBooking] = useState(false);
  const days = view === 'day' ? [date] : Array.from({ length: 7 }, (_, i) => addDays(date, i));

  const services = useLoad(async () => (store ? (await apptApi.services(store.id)).items : []), [store?.id]);
  const roster = useLoad(async () => (store ? await apptApi.roster(store.id) : { roles: [] }), [store?.id]);
  const appts = useLoad(
    async () => (store ? (await apptApi.list(store.id, new Date(dayStart(days[0]!, tz)).toISOString(), new Date(dayStart(addDays(days.at(-1)!, 1), tz)).toISOString(), staffFilter)).items : []),
    [store?.id, date, view, staffFilter],
  );
  const staffNames = useMemo(() => new Map((roster.data?.roles ?? []).flatMap((r) => r.staff.map((s) => [s.id, s.name] as const))), [roster.data]);
  const serviceById = useMemo(() => new Map((services.data ?? []).map((s) => [s.id, s])), [services.data]);

  if (stores.error) return <PageError error={stores.error} onRetry={stores.reload} />;
  if (!store) return <PageLoading />;

  async function act(a: Appointment, action: 'confirm' | 'cancel' | 'no-show' | 'check-in') {
    try {
      if (action === 'check-in') {
        const r = await apptApi.checkIn(a.id);
        if (r.statusToken !== null) {
          const url = `${window.location.origin}/s/${r.statusToken}`;
          Modal.info({ title: t('appt.action.checkIn'), content: <Typography.Paragraph copyable={{ text: url }}>{t('appt.statusLink')} <a href={url}>{url}</a></Typography.Paragraph>, okText: t('common.close') });
        }
      } else await apptApi.act(a.id, action);
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : t('common.error'));
    }
    appts.reload();
  }

  const columns: { key: string; title: string; items: Appointment[] }[] =
    view === 'week'
      ? days.map((d) => ({ key: d, title: new Intl.DateTimeFormat(locale, { weekday: 'short', month: 'numeric', day: 'numeric', timeZone: 'UTC' }).format(Date.parse(`${d}T12:00:00Z`)), items: (appts.data ?? []).filter((a) => localDate(Date.parse(a.start), tz) === d) }))
      : [...new Set([...staffNames.keys(), ...(appts.data ?? []).map((a) => a.staffId)])]
          .filter((id) => staffFilter === undefined || id === staffFilter)
          .map((id) => ({ key: id, title: staffNames.get(id) ?? id, items: (appts.data ?? []).filter((a) => a.staffId === id) }))
          .filter((c) => c.items.length > 0 || staffFilter !== undefined || (services.data ?? []).some((s) => roster.data?.roles.some((r) => r.role === s.role && r.staff.some((x) => x.id === c.key))));

  return (
    <>
      <div className="sf-page-head">
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {t('appt.title')}
        </Typography.Title>
        <Space wrap>
          <Select aria-label={t('appt.store')} value={store.id} onChange={(v) => setStoreId(v)} options={stores.data!.items.map((s) => ({ value: s.id, label: <span translate="no">{s.name}</span> }))} style={{ minWidth: 140 }} />
          <Select aria-label={t('appt.staff')} allowClear placeholder={t('appt.allStaff')} value={staffFilter} onChange={(v) => setStaffFilter(v)} options={[...staffNames].map(([id, name]) => ({ value: id, label: <span translate="no">{name}</span> }))} style={{ minWidth: 140 }} />
          <Segmented<'day' | 'week'> aria-label={`${t('appt.view.day')} / ${t('appt.view.week')}`} value={view} onChange={setView} options={[{ value: 'day', label: t('appt.view.day') }, { value: 'week', label: t('appt.view.week') }]} />
          <Button onClick={() => setDate(addDays(date, view === 'day' ? -1 : -7))}>{t('appt.prev')}</Button>
          <input aria-label={t('appt.date')} type="date" value={date} onChange={(e) => e.target.value && setDate(e.target.value)} className="ant-input" style={{ width: 150 }} />
          <Button onClick={() => setDate(addDays(date, view === 'day' ? 1 : 7))}>{t('appt.next')}</Button>
          <Button onClick={() => setDate(localDate(Date.now(), tz))}>{t('appt.today')}</Button>
          <Button type="primary" disabled={(services.data ?? []).length === 0} onClick={() => setBooking(true)}>
            {t('appt.book')}
          </Button>
        </Space>
      </div>
      {services.data !== undefined && services.data.length === 0 && <Typography.Paragraph type="secondary">{t('appt.noServices')}</Typography.Paragraph>}
      {appts.error ? (
        <PageError error={appts.error} onRetry={appts.reload} />
      ) : (
        <div className="sf-appt-grid" style={{ display: 'grid', gap: 8, gridTemplateColumns: `repeat(auto-fit, minmax(${view === 'week' ? 150 : 220}px, 1fr))` }}>
          {columns.length === 0 && <Empty description={t('appt.empty')} />}
          {columns.map((c) => (
            <section key={c.key} aria-labelledby={`appt-col-${c.key}`}>
              <Typography.Title level={2} id={`appt-col-${c.key}`} style={{ fontSize: 15, margin: '4px 0 8px' }}>
                <span translate="no">{c.title}</span>
              </Typography.Title>
              {c.items.length === 0 && <Typography.Text type="secondary">{t('appt.empty')}</Typography.Text>}
              {c.items.map((a) => (
                <ApptCard key={a.id} a={a} tz={tz} service={serviceById.get(a.serviceId)} staffName={view === 'week' ? (staffNames.get(a.staffId) ?? a.staffId) : undefined} onAct={(x) => void act(a, x)} />
              ))}
            </section>
          ))}
        </div>
      )}
      {booking && (
        <BookingDialog
          open={booking}
          storeId={store.id}
          timeZone={tz}
          date={date}
          services={(services.data ?? []).filter((s) => s.active)}
          staffNames={staffNames}
          onClose={() => setBooking(false)}
          onBooked={(start) => {
            setBooking(false);
            void message.success(t('appt.booked', { time: `${localDate(Date.parse(start), tz)} ${localTime(start, tz)}` }));
            appts.reload();
          }}
        />
      )}
    </>
  );
}

function ApptCard({ a, tz, service, staffName, onAct }: { a: Appointment; tz: string; service: ApptService | undefined; staffName: string | undefined; onAct: (x: 'confirm' | 'cancel' | 'no-show' | 'check-in') => void }) {
  const { t, locale } = useI18n();
  const live = a.status === 'booked' || a.status === 'confirmed';
  return (
    <Card size="small" style={{ marginBottom: 8 }} data-appointment={a.id}>
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Space wrap size={4}>
          <Typography.Text strong>
            {localTime(a.start, tz)}–{localTime(a.end, tz)}
          </Typography.Text>
          <Tag color={STATUS_COLOR[a.status]}>{t(`appt.status.${a.status}`)}</Tag>
          {a.source === 'public' && <Tag>{t('appt.source.public')}</Tag>}
        </Space>
        <Typography.Text>{service ? (locale === 'zh-CN' ? service.name.zh : service.name.en) : a.serviceId}</Typography.Text>
        {staffName !== undefined && <Typography.Text type="secondary" translate="no">{staffName}</Typography.Text>}
        {a.customerId !== null && <Typography.Text type="secondary" translate="no">#{a.customerId}</Typography.Text>}
        <Space wrap size={4}>
          {a.status === 'booked' && <Button size="small" onClick={() => onAct('confirm')}>{t('appt.action.confirm')}</Button>}
          {live && <Button size="small" type="primary" onClick={() => onAct('check-in')}>{t('appt.action.checkIn')}</Button>}
          {live && <Button size="small" onClick={() => onAct('cancel')}>{t('appt.action.cancel')}</Button>}
          {live && Date.parse(a.start) <= Date.now() && <Button size="small" danger onClick={() => onAct('no-show')}>{t('appt.action.noShow')}</Button>}
          {a.caseId !== null && <Link to={`/cases/${encodeURIComponent(a.caseId)}`}>{t('appt.action.case')}</Link>}
          <a href={apptApi.icsUrl(a.id)} download>
            {t('appt.action.ics')}
          </a>
        </Space>
      </Space>
    </Card>
  );
}
