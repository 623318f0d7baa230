import { Badge, Tabs, Typography, App, Tooltip } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import type { Page, TaskSummary } from '../../api/types.ts';
import { takePrefetched } from '../../api/prefetch.ts';
import { useAuth } from '../../auth/AuthProvider.tsx';
import { PageError } from '../../components/PageState.tsx';
import { useLiveTasks, type LiveTaskEvent } from '../../hooks/useLive.ts';
import { useLoad } from '../../hooks/useLoad.ts';
import { pickText, useI18n } from '../../i18n/index.ts';
import { loadRestStylesWhenIdle } from '../../app/styles.ts';
import { TaskList } from './TaskList.tsx';
import { CertificateRequired, certificateNeed } from '../staff/CertificateRequired.tsx';

/** Tasks per inbox page. */
export const INBOX_PAGE_SIZE = 50;
const PAGE_SIZE = INBOX_PAGE_SIZE;
type Scope = 'mine' | 'queue';

/** The inbox: my tasks and my roles' queues, most urgent first, updated live. */
export function InboxPage() {
  const { t, locale } = useI18n();
  const { me } = useAuth();
  const { message, notification } = App.useApp();
  const navigate = useNavigate();
  const [scope, setScope] = useState<Scope>('mine');
  const [page, setPage] = useState<Record<Scope, number>>({ mine: 1, queue: 1 });
  const [claiming, setClaiming] = useState<string | null>(null);

  const mine = useLoad((s) => (page.mine === 1 ? takePrefetched<Page<TaskSummary>>('inbox:mine:1') : undefined) ?? api.tasks({ scope: 'mine', limit: PAGE_SIZE, offset: (page.mine - 1) * PAGE_SIZE }, s), [page.mine]);
  const queue = useLoad((s) => api.tasks({ scope: 'queue', limit: PAGE_SIZE, offset: (page.queue - 1) * PAGE_SIZE }, s), [page.queue]);

  // Live updates: refresh both lists (at most every 500 ms when a burst of events arrives), and
  // tell the user about a new task that is theirs or in one of their queues.
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const refresh = useCallback(() => {
    if (pending.current !== undefined) return;
    pending.current = setTimeout(() => {
      pending.current = undefined;
      mine.reload();
      queue.reload();
    }, 500);
  }, [mine, queue]);
  const onLive = useCallback(
    (e: LiveTaskEvent) => {
      refresh();
      if (e.lifecycle !== 'schedule' || me === null || me === undefined) return;
      const forMe = e.assignee === me.id || (e.assignee == null && me.roles.some((r) => r.role === e.role && (e.storeId == null || r.storeId === e.storeId)));
      if (forMe) notification.info({ title: t('inbox.newTask', { step: pickText(e.stepName, locale, e.node).text }), placement: 'bottomRight', duration: 6 });
    },
    [refresh, me, notification, t, locale],
  );
  const { connected } = useLiveTasks(onLive);
  // The first page is on screen: fetch the styles of the other pages while the user reads it.
  const shown = mine.data !== undefined;
  useEffect(() => {
    if (shown) loadRestStylesWhenIdle();
  }, [shown]);
  // A safety net under the push: a full refresh every minute catches what a dropped connection
  // or a late-committed event (see src/web-api/live/feed.ts) may have missed.
  useEffect(() => {
    const timer = setInterval(refresh, 60_000);
    return () => clearInterval(timer);
  }, [refresh]);

  const claim = async (task: TaskSummary) => {
    setClaiming(task.id);
    try {
      await api.claim(task.id);
      message.success(t('inbox.claimed'));
      navigate(`/tasks/${encodeURIComponent(task.id)}`);
    } catch (e) {
      // A missing certificate: say which one and how to get it (the problem carries both).
      const need = certificateNeed(e);
      if (need) message.error({ content: <CertificateRequired need={need} onStudy={navigate} />, duration: 10 });
      else message.error(e instanceof ApiError && e.code === 'CERTIFICATE_REQUIRED' ? t('staff.inbox.certificateRequired') : e instanceof ApiError && e.conflict ? t('common.conflict') : t('common.error'));
      queue.reload();
      mine.reload();
    } finally {
      setClaiming(null);
    }
  };

  const tab = (s: Scope) => {
    const l = s === 'mine' ? mine : queue;
    if (l.error && !l.data) return <PageError error={l.error} onRetry={l.reload} />;
    return (
      <TaskList
        tasks={l.data?.items ?? []}
        total={l.data?.total ?? 0}
        page={page[s]}
        pageSize={PAGE_SIZE}
        loading={l.loading && !l.data}
        empty={s === 'mine' ? t('inbox.empty') : t('inbox.queueEmpty')}
        onPage={(n) => setPage((p) => ({ ...p, [s]: n }))}
        {...(s === 'queue' ? { onClaim: claim, claiming } : {})}
      />
    );
  };

  return (
    <>
      <div className="sf-page-head">
        <Typography.Title level={1} style={{ fontSize: 22 }}>
          {t('inbox.title')}
        </Typography.Title>
        <Tooltip title={connected ? undefined : t('inbox.offline')}>
          <Badge status={connected ? 'success' : 'warning'} text={connected ? t('inbox.live') : t('inbox.offline')} />
        </Tooltip>
      </div>
      <Tabs
        activeKey={scope}
        onChange={(k) => setScope(k as Scope)}
        items={[
          { key: 'mine', label: `${t('inbox.mine')} (${mine.data?.total ?? 0})`, children: tab('mine') },
          { key: 'queue', label: `${t('inbox.queues')} (${queue.data?.total ?? 0})`, children: tab('queue') },
        ]}
      />
    </>
  );
}
