import { Alert, Form, Input, Modal, Radio, Select, Spin, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { useI18n } from '../../i18n/index.ts';
import { apptApi, localTime, type ApptService } from './api.ts';

/** Book an appointment: service, date, a free slot (and optionally who serves), customer number. */
export function BookingDialog(props: {
  readonly open: boolean;
  readonly storeId: string;
  readonly timeZone: string;
  readonly date: string;
  readonly services: readonly ApptService[];
  readonly staffNames: ReadonlyMap<string, string>;
  readonly onClose: () => void;
  readonly onBooked: (start: string) => void;
}) {
  const { t, locale } = useI18n();
  const [serviceId, setServiceId] = useState<string | undefined>(props.services[0]?.id);
  const [date, setDate] = useState(props.date);
  const [start, setStart] = useState<string | undefined>();
  const [staffId, setStaffId] = useState<string | undefined>();
  const [customerId, setCustomerId] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const slots = useLoad(async () => (serviceId === undefined ? { timeZone: props.timeZone, slots: [] } : apptApi.slots(serviceId, date)), [serviceId, date, props.open]);
  const slot = slots.data?.slots.find((s) => s.start === start);

  async function submit() {
    if (serviceId === undefined || start === undefined) return;
    setBusy(true);
    setError(undefined);
    try {
      await apptApi.book(props.storeId, { serviceId, start, ...(staffId ? { staffId } : {}), ...(customerId.trim() ? { customerId: customerId.trim() } : {}) });
      setStart(undefined);
      props.onBooked(start);
    } catch (e) {
      setError(e instanceof ApiError && e.status === 409 ? t('appt.taken') : e instanceof ApiError ? e.message : t('common.error'));
      slots.reload();
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open={props.open} title={t('appt.book')} onCancel={props.onClose} onOk={() => void submit()} okText={t('appt.book')} cancelText={t('common.cancel')} okButtonProps={{ disabled: start === undefined, loading: busy }} destroyOnHidden>
      <Form layout="vertical">
        <Form.Item label={t('appt.service')} htmlFor="appt-service">
          <Select
            id="appt-service"
            value={serviceId}
            onChange={(v) => {
              setServiceId(v);
              setStart(undefined);
            }}
            options={props.services.map((s) => ({ value: s.id, label: `${locale === 'zh-CN' ? s.name.zh : s.name.en} · ${t('appt.minutes', { n: s.durationMin })}` }))}
          />
        </Form.Item>
        <Form.Item label={t('appt.date')} htmlFor="appt-date">
          <Input
            id="appt-date"
            type="date"
            value={date}
            onChange={(e) => {
              setDate(e.target.value);
              setStart(undefined);
            }}
          />
        </Form.Item>
        <Form.Item label={t('appt.slot')}>
          {slots.loading && slots.data === undefined ? (
            <Spin />
          ) : (slots.data?.slots.length ?? 0) === 0 ? (
            <Typography.Text type="secondary">{t('appt.noSlots')}</Typography.Text>
          ) : (
            <Radio.Group
              value={start}
              onChange={(e) => {
                setStart(e.target.value as string);
                setStaffId(undefined);
              }}
              optionType="button"
              options={(slots.data?.slots ?? []).map((s) => ({ value: s.start, label: localTime(s.start, props.timeZone) }))}
            />
          )}
        </Form.Item>
        {slot?.staffIds !== undefined && slot.staffIds.length > 1 && (
          <Form.Item label={t('appt.staff')} htmlFor="appt-staff">
            <Select
              id="appt-staff"
              allowClear
              placeholder={t('appt.anyStaff')}
              value={staffId}
              onChange={(v) => setStaffId(v)}
              options={slot.staffIds.map((id) => ({ value: id, label: <span translate="no">{props.staffNames.get(id) ?? id}</span> }))}
            />
          </Form.Item>
        )}
        <Form.Item label={t('appt.customerId')} htmlFor="appt-customer">
          <Input id="appt-customer" value={customerId} onChange={(e) => setCustomerId(e.target.value)} maxLength={100} />
        </Form.Item>
        {error !== undefined && <Alert type="error" showIcon title={error} />}
      </Form>
    </Modal>
  );
}
