import { Card, Descriptions } from 'antd';
import type { LocalizedText } from '../../api/types.ts';
import { DataValue } from '../../components/DataValue.tsx';
import { LText, useI18n } from '../../i18n/index.ts';

/** The case's data, labelled by the SOP's variable labels where it has them. */
export function CaseDataCard({ data, variables, timeZone, title }: { data: Readonly<Record<string, unknown>>; variables: readonly { id: string; label?: LocalizedText }[]; timeZone?: string; title?: string }) {
  const { t } = useI18n();
  const keys = Object.keys(data).filter((k) => data[k] !== null && data[k] !== undefined && typeof data[k] !== 'object');
  if (keys.length === 0) return null;
  return (
    <Card size="small" title={title ?? t('task.caseData')}>
      <Descriptions
        column={1}
        size="small"
        items={keys.map((k) => {
          const v = variables.find((x) => x.id === k);
          return { key: k, label: v?.label ? <LText value={v.label} /> : <span translate="no">{k}</span>, children: <DataValue value={data[k]} timeZone={timeZone} /> };
        })}
      />
    </Card>
  );
}
