import { BarChartOutlined, CommentOutlined, BookOutlined, ExperimentOutlined, CalendarOutlined, InboxOutlined, LogoutOutlined, MenuOutlined, ProfileOutlined, SettingOutlined, SolutionOutlined, TeamOutlined } from '@ant-design/icons';
import { Button, Drawer, Grid, Layout, Menu, Segmented, Space, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { useAuth } from '../auth/AuthProvider.tsx';
import { useI18n, type Locale, type MessageKey } from '../i18n/index.ts';

interface NavItem {
  readonly path: string;
  readonly label: MessageKey;
  readonly icon: ReactNode;
  /** Shown to organisation admins only. */
  readonly admin?: boolean;
}

// Only pages that exist are listed: customers, appointments and complaints join when they do.
const NAV: readonly NavItem[] = [
  { path: '/inbox', label: 'nav.inbox', icon: <InboxOutlined /> },
  { path: '/cases', label: 'nav.cases', icon: <ProfileOutlined /> },
  { path: '/customers', label: 'nav.customers', icon: <TeamOutlined /> },
  { path: '/appointments', label: 'nav.appointments', icon: <CalendarOutlined /> },
  { path: '/complaints', label: 'nav.complaints', icon: <CommentOutlined /> },
  { path: '/dashboards', label: 'nav.dashboards', icon: <BarChartOutlined /> },
  { path: '/simulation', label: 'nav.simulation', icon: <ExperimentOutlined /> },
  { path: '/library', label: 'nav.library', icon: <BookOutlined /> },
  { path: '/staff', label: 'nav.staff', icon: <SolutionOutlined /> },
  { path: '/settings/integrations', label: 'nav.integrations', icon: <SettingOutlined />, admin: true },
];

/** The language switch: each language named in itself, as people look for their own. */
export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n();
  return (
    <Segmented<Locale>
      aria-label={t('nav.language')}
      size="small"
      value={locale}
      onChange={setLocale}
      options={[
        { value: 'zh-CN', label: <span lang="zh-CN">中文</span> },
        { value: 'en-US', label: <span lang="en-US">English</span> },
      ]}
    />
  );
}

function selectedKey(pathname: string): string {
  if (pathname.startsWith('/tasks')) return '/inbox';
  return NAV.find((n) => pathname.startsWith(n.path))?.path ?? '/inbox';
}

/** The frame around every signed-in page: navigation, language, user; a drawer on phones. */
export function Shell() {
  const { t } = useI18n();
  const { me, logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const phone = screens.md === false;
  const [drawer, setDrawer] = useState(false);
  // Organisation-wide admin (not a store's): the integration settings are theirs alone.
  const isAdmin = me?.access?.some((g) => g.level === 'admin' && g.storeId === undefined) === true;

  const menu = (
    <Menu
      mode={phone ? 'vertical' : 'horizontal'}
      selectedKeys={[selectedKey(location.pathname)]}
      items={NAV.filter((n) => n.admin !== true || isAdmin).map((n) => ({ key: n.path, icon: n.icon, label: t(n.label) }))}
      onClick={({ key }) => {
        setDrawer(false);
        navigate(key);
      }}
      style={phone ? { borderInlineEnd: 'none' } : { flex: 1, minWidth: 0, borderBottom: 'none' }}
    />
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <a className="sf-skip" href="#main">
        {t('app.skipToContent')}
      </a>
      <Layout.Header className="sf-header">
        {phone && <Button type="text" icon={<MenuOutlined />} aria-label={t('nav.menu')} onClick={() => setDrawer(true)} />}
        <Typography.Text strong className="sf-brand">
          {t('app.name')}
        </Typography.Text>
        <nav aria-label={t('nav.main')} style={{ display: phone ? 'none' : 'flex', flex: 1, minWidth: 0 }}>
          {!phone && menu}
        </nav>
        <Space size="middle" style={{ marginInlineStart: 'auto' }}>
          {!phone && <LanguageSwitch />}
          {!phone && me && (
            <Typography.Text>
              <span className="sf-sr-only">{t('nav.user', { name: '' })}</span>
              <span translate="no">{me.name}</span>
            </Typography.Text>
          )}
          {!phone && (
            <Button type="text" icon={<LogoutOutlined />} onClick={() => void logout()}>
              {t('nav.logout')}
            </Button>
          )}
        </Space>
      </Layout.Header>
      {phone && (
        <Drawer open={drawer} onClose={() => setDrawer(false)} placement="left" title={t('app.name')} size={260}>
          <nav aria-label={t('nav.main')}>{menu}</nav>
          <Space orientation="vertical" style={{ marginTop: 24 }}>
            <LanguageSwitch />
            {me && <Typography.Text translate="no">{me.name}</Typography.Text>}
            <Button icon={<LogoutOutlined />} onClick={() => void logout()}>
              {t('nav.logout')}
            </Button>
          </Space>
        </Drawer>
      )}
      <Layout.Content id="main" tabIndex={-1} className="sf-main">
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}
