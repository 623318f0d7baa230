import { Button, Form, Input, Rate, Result, Segmented, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router';
import { ApiError } from '../../../api/client.ts';
import { PublicFrame } from '../booking/PublicFrame.tsx';
import { useLoad } from '../../../hooks/useLoad.ts';
import { LText, useI18n } from '../../../i18n/index.ts';
import { complaintApi } from '../../complaints/api.ts';

const NPS = Array.from({ length: 11 }, (_, i) => i);

/**
 * The satisfaction survey behind a one-time link (no login, made for phones): a score of 1–5
 * stars, optionally 0–10 "would you recommend us", a comment. A link answers once; a used or
 * expired one says so.
 */
export default function PublicSurveyPage() {
  const { token = '' } = useParams();
  const { t } = useI18n();
  const s = useLoad((signal) => complaintApi.survey(token, signal), [token]);
  const [csat, setCsat] = useState(0);
  const [nps, setNps] = useState<number | undefined>(undefined);
  const [comment, setComment] = useState('');
  const [sending, setSending] = useState(false);
  const [done, setDone] = useState(false);
  const [failed, setFailed] = useState<unknown>(undefined);

  const refusal = (e: unknown) => {
    if (e instanceof ApiError && e.status === 410) return <Result status="warning" title={e.code === 'LINK_CONSUMED' ? t('survey.used') : t('survey.expired')} />;
    if (e instanceof ApiError && e.status === 404) return <Result status="404" title={t('survey.invalid')} />;
    return <Result status="error" title={t('common.network')} />;
  };

  let body;
  if (done) body = <Result status="success" title={t('survey.thanks')} />;
  else if (failed !== undefined && failed instanceof ApiError && (failed.status === 410 || failed.status === 404)) body = refusal(failed);
  else if (s.error) body = refusal(s.error);
  else if (!s.data) body = <Spin />;
  else {
    const submit = async () => {
      setSending(true);
      setFailed(undefined);
      try {
        await complaintApi.answer(token, { csat, ...(nps === undefined ? {} : { nps }), ...(comment.trim() === '' ? {} : { comment: comment.trim() }) });
        setDone(true);
      } catch (e) {
        setFailed(e);
      } finally {
        setSending(false);
      }
    };
    body = (
      <Form layout="vertical" onFinish={submit}>
        <Typography.Paragraph>
          {t('survey.about')}{' '}
          <Typography.Text strong>
            <LText value={s.data.process} />
          </Typography.Text>
          {s.data.store !== null && (
            <>
              {' · '}
              <span translate="no">{s.data.store}</span>
            </>
          )}
        </Typography.Paragraph>
        <Form.Item label={t('survey.csat')} required>
          <Rate value={csat} onChange={setCsat} aria-label={t('survey.csat')} style={{ fontSize: 32 }} />
        </Form.Item>
        <Form.Item label={t('survey.nps')}>
          <Segmented<number> className="sf-nps" value={nps ?? -1} onChange={(v) => setNps(v)} options={NPS.map((n) => ({ value: n, label: String(n) }))} block style={{ fontSize: 12 }} />
          <div style={{ display: 'flex', justifyContent: 'space-between', fontSize: 12 }}>
            <Typography.Text type="secondary">{t('survey.npsLow')}</Typography.Text>
            <Typography.Text type="secondary">{t('survey.npsHigh')}</Typography.Text>
          </div>
        </Form.Item>
        <Form.Item label={t('survey.comment')} htmlFor="survey-comment">
          <Input.TextArea id="survey-comment" value={comment} onChange={(e) => setComment(e.target.value)} rows={3} maxLength={2000} />
        </Form.Item>
        {failed !== undefined && <Typography.Paragraph type="danger">{t('common.network')}</Typography.Paragraph>}
        <Button type="primary" htmlType="submit" block size="large" disabled={csat === 0} loading={sending}>
          {t('survey.send')}
        </Button>
      </Form>
    );
  }
  return <PublicFrame heading={t('survey.title')}>{body}</PublicFrame>;
}
