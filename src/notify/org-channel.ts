import { logChannel, type NotificationChannel } from '../runtime/notifications.ts';
import { CONTACT_FIELD } from './channels/config.ts';
import { transportFor, type OutgoingMessage, type Transport } from './channels/transports.ts';
import { getContacts, getRoutes, listChannels, NO_CONTACT, recipients, recordSent, sentFor, type StoredChannel } from './channel-store.ts';
import type { LocalizedText } from '../model/types.ts';
import type { Queryable } from '../store/db.ts';
import type { OutboxNotification } from '../store/outbox.ts';
import type { Store } from '../store/store.ts';

/**
 * The notification channel of a servflow process: for each notification it reads the
 * organisation's routing (reason → channels, '*' as default), finds the recipients (the named
 * staff member, or everyone with the role in the store) and their contacts, and sends through
 * each routed, enabled channel. What was sent is recorded per (notification, channel, staff
 * member), so when one send fails and the outbox retries the notification, the sends that
 * succeeded are not repeated. Organisations without any routing fall back to `fallback` (the
 * log channel by default), as before channels existed.
 */

const LABELS: Record<string, { zh: string; en: string }> = {
  'sla.warning': { zh: '即将超时', en: 'SLA warning' },
  'sla.breach': { zh: '已超时', en: 'SLA breached' },
  escalation: { zh: '升级提醒', en: 'Escalation' },
  'task.assigned': { zh: '新任务', en: 'New task' },
  test: { zh: '测试消息', en: 'Test message' },
};

type Names = { readonly process?: LocalizedText | null; readonly step?: LocalizedText | null };

/**
 * Subject and text of a notification, in Chinese unless the SOP's texts are English only: the
 * reason, the step and process names, the SOP's message, and the case and task ids.
 */
export function composeMessage(n: Pick<OutboxNotification, 'reason' | 'message' | 'caseId' | 'taskId'>, names: Names = {}): { subject: string; text: string } {
  const label = LABELS[n.reason];
  const useZh = n.message?.zh !== undefined || (n.message?.en === undefined && (names.step?.zh !== undefined || names.step?.en === undefined));
  const pick = (x: LocalizedText | null | undefined) => (x === null || x === undefined ? undefined : useZh ? (x.zh ?? x.en) : (x.en ?? x.zh));
  const title = useZh ? (label?.zh ?? n.reason) : (label?.en ?? n.reason);
  const what = [pick(names.step), pick(names.process)].filter((x) => x !== undefined).join(' · ');
  const body = [what, pick(n.message)].filter((x) => x !== undefined && x !== '').join(useZh ? '，' : ', ');
  const ref = useZh ? `工单 ${n.caseId}${n.taskId !== null ? ` · 任务 ${n.taskId}` : ''}` : `case ${n.caseId}${n.taskId !== null ? ` · task ${n.taskId}` : ''}`;
  return {
    subject: `[servflow] ${title}${what === '' ? '' : `: ${what}`}`,
    text: useZh ? `${title}${body === '' ? '' : `：${body}`}（${ref}）` : `${title}${body === '' ? '' : `: ${body}`} (${ref})`,
  };
}

/** The names of the notification's process and step, from the case's SOP version. */
async function namesOf(db: Queryable, n: OutboxNotification): Promise<Names> {
  const r = await db.query<{ process: LocalizedText | null; step: LocalizedText | null }>(
    `SELECT d.compiled->'definition'->'name' AS process, d.compiled->'nodes'->t.node->'name' AS step
       FROM cases c
       JOIN definitions d ON d.org_id = c.org_id AND d.key = c.process_key AND d.version = c.process_version
       LEFT JOIN tasks t ON t.id = $2 AND t.case_id = c.id
      WHERE c.id = $1 AND c.org_id = $3`,
    [n.caseId, n.taskId, n.orgId],
  );
  return r.rows[0] ?? {};
}

/** The real transport of a channel; one whose secret does not decrypt fails every send with that reason. */
export function channelTransport(c: StoredChannel): Transport {
  const why = c.secretError;
  if (why !== undefined)
    return {
      send: async () => {
        throw new Error(`${c.kind}: ${why}`);
      },
    };
  return transportFor(c.config, c.secret);
}

export interface OrgChannelOptions {
  /** For organisations without routing; default: the log channel. */
  readonly fallback?: NotificationChannel;
  /** Time of the sent-records; default Date.now. */
  readonly now?: () => number;
  /** Builds transports (tests and tools may wrap them); default: the real adapters. */
  readonly transport?: (c: StoredChannel) => Transport;
}

export function orgChannel(store: Store, opts: OrgChannelOptions = {}): NotificationChannel {
  const fallback = opts.fallback ?? logChannel();
  const now = opts.now ?? Date.now;
  const makeTransport = opts.transport ?? channelTransport;
  return {
    async deliver(n) {
      const db = store.db;
      const routes = await getRoutes(db, n.orgId);
      if (Object.keys(routes).length === 0) return fallback.deliver(n);
      const kinds = routes[n.reason] ?? routes['*'] ?? [];
      if (kinds.length === 0) return;
      const channels = new Map((await listChannels(db, n.orgId)).filter((c) => c.enabled).map((c) => [c.kind, c]));
      const people = await recipients(db, n.orgId, n.to, n.storeId);
      const contacts = await getContacts(db, n.orgId, people);
      const done = await sentFor(db, n.id);
      const names = await namesOf(db, n);
      const { subject, text } = composeMessage(n, names);
      const errors: string[] = [];
      for (const kind of kinds) {
        const channel = channels.get(kind);
        if (channel === undefined) continue; // routed but not configured or disabled: nothing to send with
        const transport = makeTransport(channel);
        for (const staffId of people) {
          const to = (contacts.get(staffId) ?? NO_CONTACT)[CONTACT_FIELD[kind]];
          if (to === null || done.has(`${kind}/${staffId}`)) continue;
          const m: OutgoingMessage = { to, subject, text, vars: { ...varsOf(n, staffId), process: pickAny(names.process), step: pickAny(names.step) } };
          try {
            await transport.send(m);
            await recordSent(db, { notificationId: n.id, orgId: n.orgId, channel: kind, staffId }, now());
          } catch (e) {
            errors.push(`${kind} to ${staffId}: ${(e as Error).message}`);
          }
        }
      }
      if (errors.length > 0) throw new Error(errors.join('; '));
    },
  };
}

const pickAny = (x: LocalizedText | null | undefined): string => x?.zh ?? x?.en ?? '';

function varsOf(n: OutboxNotification, staffId: string): Record<string, string> {
  return { reason: n.reason, caseId: n.caseId, taskId: n.taskId ?? '', storeId: n.storeId ?? '', staffId, notificationId: String(n.id) };
}

/** Sends one test message on a configured channel to an address (for "send test"). */
export async function sendTest(channel: StoredChannel, to: string, staffId: string, transport: (c: StoredChannel) => Transport = channelTransport): Promise<void> {
  const { subject, text } = composeMessage({ reason: 'test', message: { zh: 'servflow 通知渠道测试', en: 'servflow channel test' }, caseId: '-', taskId: null });
  await transport(channel).send({ to, subject, text, vars: { reason: 'test', caseId: '', taskId: '', storeId: '', staffId, notificationId: 'test', process: '', step: '' } });
}
