import { Alert, Button, Form, Input, Radio, Result, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { ApiError } from '../../../api/client.ts';
import { PublicFrame } from './PublicFrame.tsx';
import { useLoad } from '../../../hooks/useLoad.ts';
import { useI18n } from '../../../i18n/index.ts';
import { addDays, apptApi, localDate, localTime } from '../../appointments/api.ts';

/**
 * A store's public booking page (no login, made for phones): pick a service, a day and a free
 * time, leave a name and a mobile number. The server finds the customer by the number or
 * records a new one, and limits how often one address may book.
 */
export default function PublicBookingPage() {
  const { storeId = '' } = useParams();
  const { t, locale } = useI18n();
  const page = useLoad(() => apptApi.bookingPage(storeId), [storeId]);
  const tz = page.data?.store.timeZone ?? 'Asia/Shanghai';
  const [serviceId, setServiceId] = useState<string | undefined>();
  const service = page.data?.services.find((s) => s.id === serviceId) ?? page.data?.services[0];
  const [date, setDate] = useState(() => localDate(Date.now(), tz));
  const [start, setStart] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [done, setDone] = useState<{ time: string; service: string } | undefined>();
  const [busy, setBusy] = useState(false);
  const slots = useLoad(async () => (service ? apptApi.publicSlots(storeId, service.id, date) : { timeZone: tz, slots: [] }), [storeId, service?.id, date, done]);
  const name = (n: { zh: string; en: string }) => (locale === 'zh-CN' ? n.zh : n.en);

  if (page.error)
    return (
      <PublicFrame heading={t('pubBook.title')}>
        <Result status="404" title={t('pubBook.unavailable')} />
      </PublicFrame>
    );
  if (!page.data)
    return (
      <PublicFrame heading={t('pubBook.title')}>
        <Spin />
      </PublicFrame>
    );

  async function submit(v: { name: string; phone: string }) {
    if (!service || !start) return;
    setBusy(true);
    setError(undefined);
    try {
      const r = await apptApi.publicBook(storeId, { serviceId: service.id, start, name: v.name, phone: v.phone });
      setDone({ time: `${localDate(Date.parse(r.start), tz)} ${localTime(r.start, tz)}`, service: name(r.service) });
      setStart(undefined);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) setError(t('appt.taken'));
      else if (e instanceof ApiError && e.status === 429) setError(t('pubBook.tooMany'));
      else if (e instanceof ApiError && e.code === 'BAD_PHONE') setError(t('pubBook.phoneInvalid'));
      else setError(e instanceof ApiError ? e.message : t('common.network'));
      slots.reload();
    } finally {
      setBusy(false);
    }
  }

  return (
    <PublicFrame
      heading={
        <>
          {t('pubBook.title')} · <span translate="no">{page.data.store.name}</span>
        </>
      }
    >
      {done ? (
        <Result
          status="success"
          title={t('pubBook.done')}
          subTitle={t('pubBook.doneDetail', { store: page.data.store.name, service: done.service, time: done.time })}
          extra={<Button onClick={() => setDone(undefined)}>{t('pubBook.again')}</Button>}
        />
      ) : (
        <Form layout="vertical" onFinish={(v: { name: string; phone: string }) => void submit(v)} requiredMark={false}>
          <Form.Item label={t('pubBook.chooseService')}>
            <Radio.Group
              value={service?.id}
              onChange={(e) => {
                setServiceId(e.target.value as string);
                setStart(undefined);
              }}
              style={{ display: 'flex', flexDirection: 'column', gap: 8 }}
              options={page.data.services.map((s) => ({ value: s.id, label: `${name(s.name)} · ${t('appt.minutes', { n: s.durationMin })}` }))}
            />
          </Form.Item>
          <Form.Item label={t('pubBook.chooseDate')} htmlFor="book-date">
            <Input
              id="book-date"
              type="date"
              value={date}
              min={localDate(Date.now(), tz)}
              max={addDays(localDate(Date.now(), tz), 60)}
              onChange={(e) => {
                if (e.target.value) setDate(e.target.value);
                setStart(undefined);
              }}
            />
          </Form.Item>
          <Form.Item label={t('pubBook.chooseTime')}>
            {slots.loading && slots.data === undefined ? (
              <Spin />
            ) : (slots.data?.slots.length ?? 0) === 0 ? (
              <Typography.Text type="secondary">{t('appt.noSlots')}</Typography.Text>
            ) : (
              <Radio.Group value={start} onChange={(e) => setStart(e.target.value as string)} optionType="button" options={(slots.data?.slots ?? []).map((s) => ({ value: s.start, label: localTime(s.start, tz) }))} />
            )}
          </Form.Item>
          <Form.Item name="name" label={t('pubBook.name')} rules={[{ required: true, whitespace: true, message: t('pubBook.nameRequired') }]}>
            <Input autoComplete="name" maxLength={100} />
          </Form.Item>
          <Form.Item
            name="phone"
            label={t('pubBook.phone')}
            rules={[
              { required: true, message: t('pubBook.phoneRequired') },
              { pattern: /^\+?[\d\s\-().]{5,30}$/, message: t('pubBook.phoneInvalid') },
            ]}
          >
            <Input type="tel" inputMode="tel" autoComplete="tel" maxLength={30} />
          </Form.Item>
          {error !== undefined && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
          <Button type="primary" htmlType="submit" block size="large" disabled={!start} loading={busy}>
            {t('pubBook.submit')}
          </Button>
        </Form>
      )}
    </PublicFrame>
  );
}
