import { UserOutlined } from '@ant-design/icons';
import { Alert, Card, Descriptions, Typography } from 'antd';
import { Link } from 'react-router';
import type { CustomerCard as Customer } from '../../api/types.ts';
import { useI18n } from '../../i18n/index.ts';

/** Who the customer is: name, tier, phone (masked by the server for roles that need not see it), owner. */
export function CustomerCard({ customer }: { customer: Customer | null | undefined }) {
  const { t, number } = useI18n();
  const owes = customer?.outstandingCents ?? 0;
  return (
    <Card size="small" title={<><UserOutlined aria-hidden /> {t('task.customer')}</>}>
      {!customer ? (
        <Typography.Text type="secondary">{t('task.noCustomer')}</Typography.Text>
      ) : (
        <>
          {owes > 0 && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 8 }}
              title={t('cust.owesMoney', { amount: number(owes / 100, { style: 'currency', currency: 'CNY' }) })}
              description={<Link to={`/customers/${encodeURIComponent(customer.id)}`}>{t('cust.outstandingTitle')}</Link>}
            />
          )}
          <Descriptions
            column={1}
            size="small"
            items={[
              { key: 'name', label: t('cases.customer'), children: <span translate="no">{customer.name ?? customer.id}</span> },
              ...(customer.tier ? [{ key: 'tier', label: t('task.customerTier'), children: <span translate="no">{customer.tier}</span> }] : []),
              ...(customer.phone ? [{ key: 'phone', label: t('task.customerPhone'), children: <span translate="no">{customer.phone}</span> }] : []),
              ...(customer.ownerName ? [{ key: 'owner', label: t('task.customerOwner'), children: <span translate="no">{customer.ownerName}</span> }] : []),
              ...(customer.caseCount !== undefined ? [{ key: 'cases', label: t('task.customerCases'), children: number(customer.caseCount) }] : []),
            ]}
          />
        </>
      )}
    </Card>
  );
}
