import { App as AntApp, Button, Card, Form, Input, List, Popconfirm, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { LText, useI18n } from '../../i18n/index.ts';
import { staffApi, type CustomQuestion } from './api.ts';
import type { LocalizedText } from '../../api/types.ts';

interface Values {
  prompt: string;
  options: string;
  correct: number;
}

const lines = (s: string | undefined) => (s ?? '').split('\n').map((l) => l.trim()).filter((l) => l !== '');

/**
 * For managers: the questions they wrote for a post's quiz — add one, edit one (the form writes
 * the reader's language; the other language's text of the prompt and of each option is kept),
 * delete one. Hidden from people who may not write questions (the list answers 403).
 */
export function QuestionsCard({ process, role, onChange }: { process: string; role: string; onChange(): void }) {
  const { t, locale } = useI18n();
  const { message } = AntApp.useApp();
  const lang: keyof LocalizedText = locale === 'zh-CN' ? 'zh' : 'en';
  const list = useLoad(() => staffApi.questions(process, role).catch((e: unknown) => (e instanceof ApiError && e.status === 403 ? null : Promise.reject(e))), [process, role]);
  const [editing, setEditing] = useState<CustomQuestion | undefined>();
  const [form] = Form.useForm<Values>();
  const options = lines(Form.useWatch('options', form));
  if (list.data === null) return null;

  const text = (l: LocalizedText) => l[lang] ?? l.zh ?? l.en ?? '';
  function edit(q: CustomQuestion) {
    setEditing(q);
    form.setFieldsValue({ prompt: text(q.prompt), options: q.options.map(text).join('\n'), correct: q.correct });
  }
  function done(ok: Parameters<typeof t>[0]) {
    void message.success(t(ok));
    setEditing(undefined);
    form.resetFields();
    list.reload();
    onChange();
  }
  async function save(v: Values) {
    const opts = lines(v.options);
    const body = {
      prompt: { ...editing?.prompt, [lang]: v.prompt.trim() },
      options: opts.map((o, i) => ({ ...editing?.options[i], [lang]: o })),
      correct: v.correct,
    };
    try {
      if (editing) await staffApi.editQuestion(process, role, editing.id, body);
      else await staffApi.addQuestion(process, role, body);
      done(editing ? 'staff.questions.saved' : 'staff.questions.added');
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : t('common.error'));
    }
  }
  async function remove(q: CustomQuestion) {
    try {
      await staffApi.deleteQuestion(process, role, q.id);
      done('staff.questions.deleted');
    } catch (e) {
      void message.error(e instanceof ApiError ? e.message : t('common.error'));
    }
  }

  return (
    <Card size="small" title={t('staff.questions.title')} data-own-questions>
      <List
        size="small"
        loading={list.loading}
        dataSource={list.data ?? []}
        locale={{ emptyText: t('staff.questions.none') }}
        renderItem={(q) => (
          <List.Item
            data-own-question={q.id}
            actions={[
              <Button key="e" size="small" onClick={() => edit(q)}>
                {t('staff.questions.edit')}
              </Button>,
              <Popconfirm key="d" title={t('staff.questions.delete')} okText={t('common.yes')} cancelText={t('common.no')} onConfirm={() => void remove(q)}>
                <Button size="small" danger>
                  {t('staff.questions.delete')}
                </Button>
              </Popconfirm>,
            ]}
          >
            <Space direction="vertical" size={0}>
              <Typography.Text strong>
                <LText value={q.prompt} />
              </Typography.Text>
              <Space wrap size={4}>
                {q.options.map((o, i) => (
                  <Tag key={i} color={i === q.correct ? 'green' : undefined}>
                    <LText value={o} />
                  </Tag>
                ))}
              </Space>
            </Space>
          </List.Item>
        )}
      />
      <Typography.Title level={3} style={{ fontSize: 15, marginTop: 12 }}>
        {editing ? t('staff.questions.editing') : t('staff.questions.add')}
      </Typography.Title>
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)} style={{ maxWidth: 560 }}>
        <Form.Item name="prompt" label={t('staff.questions.prompt')} rules={[{ required: true, whitespace: true, message: t('staff.cert.required') }]}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item
          name="options"
          label={t('staff.questions.options')}
          rules={[{ validator: async (_r, v: string | undefined) => (lines(v).length >= 2 && lines(v).length <= 6 ? undefined : Promise.reject(new Error(t('staff.questions.optionsCount')))) }]}
        >
          <Input.TextArea rows={4} />
        </Form.Item>
        <Form.Item name="correct" label={t('staff.questions.correct')} rules={[{ required: true, message: t('staff.cert.required') }]}>
          <Select style={{ width: 280 }} options={options.map((o, i) => ({ value: i, label: `${t('staff.questions.optionN', { n: i + 1 })}: ${o}` }))} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit">
            {editing ? t('common.save') : t('staff.questions.add')}
          </Button>
          {editing && (
            <Button onClick={() => (setEditing(undefined), form.resetFields())}>
              {t('common.cancel')}
            </Button>
          )}
        </Space>
      </Form>
    </Card>
  );
}
