import { request } from '../../../api/client.ts';

/** The integration calls of the API: notification channels, routing, outbox, webhooks (docs/notifications.md). */

export type ChannelKind = 'email' | 'sms' | 'wecom';
export const CHANNEL_KINDS: readonly ChannelKind[] = ['email', 'sms', 'wecom'];

export interface Channel {
  readonly kind: ChannelKind;
  readonly enabled: boolean;
  readonly settings: Record<string, unknown>;
  readonly secretSet: boolean;
  readonly secretHint: string | null;
  readonly updatedAt: string;
}

export type OutboxStatus = 'pending' | 'retrying' | 'sending' | 'delivered' | 'failed';

export interface OutboxItem {
  readonly id: number;
  readonly reason: string;
  readonly caseId: string;
  readonly taskId: string | null;
  readonly to: { readonly staffId: string } | { readonly role: string };
  readonly status: OutboxStatus;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly deliveredAt: string | null;
  readonly sends: readonly { readonly channel: string; readonly staffId: string; readonly sentAt: string }[];
}

export interface Webhook {
  readonly id: string;
  readonly url: string;
  readonly eventTypes: readonly string[];
  readonly status: 'active' | 'paused';
  readonly description: string | null;
  readonly secretSet: boolean;
  readonly secretHint: string | null;
  readonly createdAt: string;
}

export type DeliveryStatus = 'pending' | 'sending' | 'delivered' | 'failed';

export interface Delivery {
  readonly id: string;
  readonly eventSeq: number;
  readonly eventType: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly deliveredAt: string | null;
}

export interface SendResult {
  readonly ok: boolean;
  readonly status?: number | null;
  readonly error: string | null;
}

const enc = encodeURIComponent;

export const integrationsApi = {
  channels: (signal?: AbortSignal) => request<{ items: Channel[] }>('GET', '/api/notify/channels', undefined, { signal }),
  putChannel: (kind: ChannelKind, body: { enabled: boolean; settings: Record<string, unknown>; secret?: string | null }) => request<Channel>('PUT', `/api/notify/channels/${kind}`, body),
  deleteChannel: (kind: ChannelKind) => request<void>('DELETE', `/api/notify/channels/${kind}`),
  testChannel: (kind: ChannelKind, staffId: string) => request<SendResult>('POST', `/api/notify/channels/${kind}/test`, { staffId }),
  routing: (signal?: AbortSignal) => request<{ routes: Record<string, ChannelKind[]> }>('GET', '/api/notify/routing', undefined, { signal }),
  putRouting: (routes: Record<string, ChannelKind[]>) => request<{ routes: Record<string, ChannelKind[]> }>('PUT', '/api/notify/routing', { routes }),
  outbox: (status: OutboxStatus | undefined, signal?: AbortSignal) => request<{ items: OutboxItem[] }>('GET', `/api/notify/outbox?limit=100${status === undefined ? '' : `&status=${status}`}`, undefined, { signal }),
  staff: (signal?: AbortSignal) => request<{ items: { id: string; name: string }[] }>('GET', '/api/staff?limit=200', undefined, { signal }),
  webhooks: (signal?: AbortSignal) => request<{ items: Webhook[] }>('GET', '/api/webhooks', undefined, { signal }),
  createWebhook: (body: { url: string; eventTypes: string[]; description?: string }) => request<{ subscription: Webhook; secret: string }>('POST', '/api/webhooks', body),
  updateWebhook: (id: string, body: { status?: 'active' | 'paused'; rotateSecret?: true }) => request<{ subscription: Webhook; secret?: string }>('PATCH', `/api/webhooks/${enc(id)}`, body),
  deleteWebhook: (id: string) => request<void>('DELETE', `/api/webhooks/${enc(id)}`),
  testWebhook: (id: string) => request<SendResult>('POST', `/api/webhooks/${enc(id)}/test`),
  deliveries: (id: string, signal?: AbortSignal) => request<{ items: Delivery[] }>('GET', `/api/webhooks/${enc(id)}/deliveries?limit=50`, undefined, { signal }),
  redeliver: (id: string, deliveryId: string) => request<{ id: string }>('POST', `/api/webhooks/${enc(id)}/deliveries/${enc(deliveryId)}/redeliver`),
};
