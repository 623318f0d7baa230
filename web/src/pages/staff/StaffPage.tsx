import { Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { useI18n } from '../../i18n/index.ts';
import { AppraisalTab } from './AppraisalTab.tsx';
import { CertificatesTab } from './CertificatesTab.tsx';
import { TrainingTab } from './TrainingTab.tsx';

type Tab = 'training' | 'certificates' | 'appraisal';

/** Staff: training on the SOPs (study page and quiz), certificates, appraisal sheets and ranking. */
export default function StaffPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab = (['training', 'certificates', 'appraisal'] as const).find((x) => x === params.get('tab')) ?? 'training';
  return (
    <>
      <div className="sf-page-head">
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {t('staff.title')}
        </Typography.Title>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k as Tab })}
        items={[
          { key: 'training', label: t('staff.tab.training'), children: <TrainingTab /> },
          { key: 'certificates', label: t('staff.tab.certificates'), children: <CertificatesTab /> },
          { key: 'appraisal', label: t('staff.tab.appraisal'), children: <AppraisalTab /> },
        ]}
      />
    </>
  );
}
