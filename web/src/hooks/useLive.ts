import { useEffect, useRef, useState } from 'react';

/** A change the server pushes: a task opened, claimed, completed… (see src/web-api/live). */
export interface LiveTaskEvent {
  readonly type: 'task';
  readonly lifecycle: string;
  readonly taskId: string;
  readonly caseId: string;
  readonly node: string;
  readonly role?: string | null;
  readonly storeId?: string | null;
  readonly assignee?: string | null;
  readonly stepName?: { readonly zh?: string; readonly en?: string } | null;
}

/**
 * Server push of task changes over Server-Sent Events. EventSource reconnects by itself after a
 * drop; `connected` tells the page so it can say so. Rejected: WebSockets (a second protocol and
 * a proxy configuration for one-way messages) and polling (10,000 open tasks × N browsers).
 */
export function useLiveTasks(onEvent: (e: LiveTaskEvent) => void): { connected: boolean } {
  const [connected, setConnected] = useState(true);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const es = new EventSource('/api/web/events');
    es.addEventListener('open', () => setConnected(true));
    es.addEventListener('error', () => setConnected(es.readyState === EventSource.OPEN));
    es.addEventListener('task', (m) => {
      try {
        handler.current(JSON.parse((m as MessageEvent<string>).data) as LiveTaskEvent);
      } catch {
        /* a malformed message is dropped; the next refresh shows the truth anyway */
      }
    });
    return () => es.close();
  }, []);
  return { connected };
}
