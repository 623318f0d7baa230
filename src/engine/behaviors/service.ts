import { feel } from '../feel.ts';
import type { NodeBehavior } from '../run.ts';
import type { ServiceStep } from '../../model/types.ts';

/** Fills `{name}` placeholders in a URL from case data (URL-encoded); `{caseId}` is the case id. */
function fillUrl(url: string, data: Readonly<Record<string, unknown>>, caseId: string): string {
  return url.replace(/\{([\w.]+)\}/g, (_m, name: string) => encodeURIComponent(name === 'caseId' ? caseId : String(data[name] ?? '')));
}

/** A service step asks the runtime to call another system; the answer comes back as `serviceResult`. */
export const service: NodeBehavior<ServiceStep> = {
  enter(run, node) {
    const jobId = `${run.caseId}:${node.id}:${run.ctx.ids.next('svc')}`;
    const token = run.addToken(node.id, { jobId });
    const ctx = run.feelContext();
    const body = node.request.method === 'GET' || node.request.method === 'DELETE' ? undefined : node.request.body ? feel(node.request.body, ctx) : run.data;
    run.emit({
      type: 'job.schedule',
      job: {
        id: jobId,
        kind: 'service',
        dueAt: run.now,
        caseId: run.caseId,
        token: token.id,
        request: {
          method: node.request.method,
          url: fillUrl(node.request.url, run.data, run.caseId),
          headers: { 'content-type': 'application/json', 'idempotency-key': jobId, ...node.request.headers },
          body,
          timeoutMs: node.timeoutMs,
          retries: node.retries,
          backoff: node.backoff,
        },
      },
    });
    run.log({ scope: 'step', activity: node.id, lifecycle: 'start', attrs: { url: node.request.url } });
  },
};
