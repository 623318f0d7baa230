import { SoundOutlined } from '@ant-design/icons';
import { Card, Typography } from 'antd';
import type { ScriptLine } from '../../api/types.ts';
import { LText, pickText, useI18n } from '../../i18n/index.ts';

/** The step's script (话术): what to say, and when a line applies. */
export function ScriptCard({ lines }: { lines: readonly ScriptLine[] }) {
  const { t, locale } = useI18n();
  return (
    <Card size="small" title={<><SoundOutlined aria-hidden /> {t('task.script')}</>} styles={{ body: { background: '#f6f9ff' } }}>
      <ol style={{ margin: 0, paddingInlineStart: 20 }}>
        {lines.map((l, i) => (
          <li key={i} style={{ marginBottom: 6 }}>
            {l.when && (
              <Typography.Text type="secondary">
                {t('task.scriptWhen', { when: pickText(l.when, locale).text })}{' '}
              </Typography.Text>
            )}
            <Typography.Text style={{ fontSize: 15 }}>
              <LText value={l.say} />
            </Typography.Text>
          </li>
        ))}
      </ol>
    </Card>
  );
}
