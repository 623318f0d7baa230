import { streamSSE } from 'hono/streaming';
import type { ApiDeps } from '../../api/deps.ts';
import { seesStore } from '../../api/policy/access.ts';
import { errorResponse, principalOf, type AnyHono } from '../http.ts';
import type { Feed } from './feed.ts';

/**
 * `GET /api/web/events`: Server-Sent Events of task changes the caller may see (their
 * organisation, their stores). A comment line every 25 s keeps proxies from closing an idle
 * stream; EventSource reconnects by itself when it drops.
 */
export function registerLive(app: AnyHono, deps: ApiDeps, feed: Feed): void {
  app.get('/api/web/events', async (c) => {
    let p;
    try {
      p = await principalOf(c, deps);
    } catch (e) {
      return errorResponse(deps, e);
    }
    const principal = p;
    c.header('cache-control', 'no-store');
    c.header('x-accel-buffering', 'no');
    return streamSSE(c, async (stream) => {
      const queue: string[] = [];
      let wake: (() => void) | undefined;
      const off = feed.subscribe((ch) => {
        if (ch.orgId !== principal.orgId || !seesStore(principal, ch.storeId)) return;
        const { orgId: _org, ...rest } = ch;
        queue.push(JSON.stringify(rest));
        wake?.();
      });
      let open = true;
      stream.onAbort(() => {
        open = false;
        wake?.();
      });
      await stream.writeSSE({ event: 'ready', data: '{}' });
      try {
        while (open) {
          if (queue.length === 0) {
            await new Promise<void>((res) => {
              wake = res;
              setTimeout(res, 25_000);
            });
            wake = undefined;
            if (queue.length === 0 && open) await stream.write(': keep-alive\n\n');
            continue;
          }
          const data = queue.shift()!;
          await stream.writeSSE({ event: 'task', data });
        }
      } finally {
        off();
      }
    });
  });
}
