import { App as AntApp, AutoComplete, Button, Card, Empty, Form, Input, Radio, Table, Tag } from 'antd';
import { ApiError } from '../../api/client.ts';
import { PageError } from '../../components/PageState.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { pickText, useI18n } from '../../i18n/index.ts';
import { staffApi, type Signoff, type StudyGuide } from './api.ts';

interface Values {
  staffId: string;
  skill: string;
  assessorId?: string;
  passed: boolean;
  note?: string;
}

/**
 * For managers: record a practical check (S19 tray and pouring, S18 conference set-up) — who,
 * which skill or step of the post, who assessed it (the manager when left empty), the result and
 * a note — and see the process's sign-offs of the people they oversee.
 */
export function SignoffCard({ guide }: { guide: StudyGuide }) {
  const { t, locale, dateTime } = useI18n();
  const { message } = AntApp.useApp();
  const list = useLoad(() => staffApi.signoffs(guide.processKey), [guide.processKey]);
  const [form] = Form.useForm<Values>();
  const steps = guide.steps.map((s) => ({ value: s.id, label: `${pickText(s.name, locale, s.id).text} (${s.id})` }));

  async function record(v: Values) {
    try {
      await staffApi.signOff({
        staffId: v.staffId.trim(),
        process: guide.processKey,
        skill: v.skill.trim(),
        passed: v.passed,
        ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        ...(v.assessorId?.trim() ? { assessorId: v.assessorId.trim() } : {}),
      });
      void message.success(t('staff.signoff.recorded'));
      form.resetFields();
      list.reload();
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : t('common.error'));
    }
  }

  return (
    <Card size="small" title={t('staff.signoff.title')} data-signoffs>
      <Form form={form} layout="inline" initialValues={{ passed: true }} onFinish={(v) => void record(v)} style={{ rowGap: 8, marginBottom: 12 }}>
        <Form.Item name="staffId" label={t('staff.cert.staffId')} rules={[{ required: true, whitespace: true, message: t('staff.cert.required') }]}>
          <Input style={{ width: 130 }} />
        </Form.Item>
        <Form.Item name="skill" label={t('staff.signoff.skill')} rules={[{ required: true, whitespace: true, message: t('staff.cert.required') }]}>
          <AutoComplete options={steps} style={{ width: 200 }} filterOption={(input, o) => String(o?.label ?? '').toLowerCase().includes(input.toLowerCase())} />
        </Form.Item>
        <Form.Item name="assessorId" label={t('staff.signoff.assessor')}>
          <Input style={{ width: 130 }} placeholder={t('staff.signoff.assessorHint')} />
        </Form.Item>
        <Form.Item name="passed" label={t('staff.signoff.result')}>
          <Radio.Group>
            <Radio value={true}>{t('staff.signoff.passed')}</Radio>
            <Radio value={false}>{t('staff.signoff.failed')}</Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="note" label={t('staff.signoff.note')}>
          <Input style={{ width: 220 }} maxLength={1000} />
        </Form.Item>
        <Button type="primary" htmlType="submit">
          {t('staff.signoff.record')}
        </Button>
      </Form>
      {list.error !== undefined && <PageError error={list.error} onRetry={list.reload} />}
      <Table<Signoff>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data ?? []}
        locale={{ emptyText: <Empty description={t('staff.signoff.none')} /> }}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        scroll={{ x: true }}
        columns={[
          { title: t('staff.signoff.at'), dataIndex: 'at', render: (v: string) => dateTime(v) },
          { title: t('staff.cert.staffId'), dataIndex: 'staffId', render: (v: string) => <span translate="no">{v}</span> },
          { title: t('staff.signoff.skill'), dataIndex: 'skill', render: (v: string) => <span translate="no">{v}</span> },
          { title: t('staff.signoff.result'), dataIndex: 'passed', render: (p: boolean) => <Tag color={p ? 'green' : 'red'}>{t(p ? 'staff.signoff.passed' : 'staff.signoff.failed')}</Tag> },
          { title: t('staff.signoff.assessor'), key: 'assessor', render: (_: unknown, s: Signoff) => <span translate="no">{s.assessorId ?? s.signedBy}</span> },
          { title: t('staff.signoff.signedBy'), dataIndex: 'signedBy', render: (v: string) => <span translate="no">{v}</span> },
          { title: t('staff.signoff.note'), dataIndex: 'note', render: (v: string | null) => (v === null ? '—' : <span translate="no">{v}</span>) },
        ]}
      />
    </Card>
  );
}
