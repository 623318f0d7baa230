import { Card, Typography } from 'antd';
import type { ReactNode } from 'react';
import { LanguageSwitch } from '../../../app/Shell.tsx';

/** The narrow frame of the no-login pages (booking, case status): a heading, the language switch, one card. */
export function PublicFrame({ heading, children }: { heading: ReactNode; children: ReactNode }) {
  return (
    <main id="main" style={{ maxWidth: 520, margin: '0 auto', padding: 12 }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 8, marginBottom: 8 }}>
        <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
          {heading}
        </Typography.Title>
        <LanguageSwitch />
      </div>
      <Card>{children}</Card>
    </main>
  );
}
