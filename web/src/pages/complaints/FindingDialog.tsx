import { Alert, Form, Modal, Radio, Select } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.ts';
import { complaintApi, type Complaint } from './api.ts';

export type Finding = 'upheld' | 'notUpheld' | 'undecided';

/** The finding as the radio group shows it (null on the wire is "nobody has decided"). */
export const findingOf = (upheld: boolean | null): Finding => (upheld === null ? 'undecided' : upheld ? 'upheld' : 'notUpheld');
const upheldOf = (f: Finding): boolean | null => (f === 'undecided' ? null : f === 'upheld');

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

/**
 * A store manager changes whom a complaint is about (chosen from the store's staff; people named
 * earlier stay choosable even without a role in the store now) and records whether it was upheld.
 * Only what changed is sent, so the audit log shows one entry per real change.
 */
export function FindingDialog({ complaint, staff, onClose, onSaved }: { complaint: Complaint | undefined; staff: readonly { id: string; name: string }[]; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ staffIds: string[]; finding: Finding }>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const names = new Map(staff.map((s) => [s.id, s.name]));
  const options = [...staff.map((s) => s.id), ...(complaint?.staffIds ?? []).filter((id) => !names.has(id))].map((id) => ({
    value: id,
    label: <span translate="no">{names.get(id) ?? id}</span>,
    title: names.get(id) ?? id,
  }));

  const submit = async () => {
    if (complaint === undefined) return;
    const v = await form.validateFields();
    setBusy(true);
    setError(undefined);
    try {
      if (!sameSet(v.staffIds, complaint.staffIds)) await complaintApi.setStaff(complaint.caseId, v.staffIds);
      const upheld = upheldOf(v.finding);
      if (upheld !== complaint.upheld) await complaintApi.setUpheld(complaint.caseId, upheld);
      onSaved();
    } catch (e) {
      setError(t(e instanceof ApiError && e.status === 403 ? 'common.forbidden' : 'common.error'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={complaint !== undefined}
      title={t('compl.editTitle')}
      onCancel={onClose}
      onOk={submit}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
    >
      {error !== undefined && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {complaint !== undefined && (
        <Form form={form} name="complaint-finding" layout="vertical" initialValues={{ staffIds: [...complaint.staffIds], finding: findingOf(complaint.upheld) }}>
          <Form.Item name="staffIds" label={t('compl.staffLabel')} extra={t('compl.staffHint')}>
            <Select mode="multiple" allowClear options={options} optionFilterProp="title" placeholder={t('compl.noStaff')} />
          </Form.Item>
          <Form.Item name="finding" label={t('compl.findingLabel')}>
            <Radio.Group
              options={(['upheld', 'notUpheld', 'undecided'] as const).map((f) => ({ value: f, label: t(`compl.${f}`) }))}
            />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
