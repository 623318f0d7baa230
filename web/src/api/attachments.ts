import { request } from './client.ts';

/** The prefix of an attachment reference stored in a form value ("attachment:<id>"). */
export const ATTACHMENT_PREFIX = 'attachment:';

/** Uploads a file (a photo) for a task; the answer's `ref` is what the form field stores. */
export async function uploadAttachment(blob: Blob, name: string, taskId: string): Promise<{ id: string; ref: string }> {
  const body = new FormData();
  body.append('file', blob, name);
  body.append('taskId', taskId);
  const r = await request<{ id: string }>('POST', '/api/web/attachments', body);
  return { id: r.id, ref: `${ATTACHMENT_PREFIX}${r.id}` };
}

/** The URL that shows an attachment reference (or a data URL as it is). */
export function attachmentUrl(ref: string): string {
  if (ref.startsWith('data:')) return ref;
  const id = ref.startsWith(ATTACHMENT_PREFIX) ? ref.slice(ATTACHMENT_PREFIX.length) : ref;
  return `/api/web/attachments/${encodeURIComponent(id)}`;
}
