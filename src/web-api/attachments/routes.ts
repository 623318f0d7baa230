import { randomUUID } from 'node:crypto';
import { ApiProblem, notFound } from '../../api/problem.ts';
import { seesStore, worksRole, managesStore } from '../../api/policy/access.ts';
import type { ApiDeps } from '../../api/deps.ts';
import { json, signedIn, type AnyHono } from '../http.ts';

/** Largest photo accepted (the browser scales photos to ~300 KB before sending). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/heic', 'image/heif']);

/**
 * `POST /api/web/attachments` (multipart: `file`, `taskId`) stores a photo for a task's form and
 * answers its id; the form value is then `attachment:<id>`. Only someone who may work the task
 * (its role in its store, or a manager of the store) may attach to it. `GET …/{id}` returns
 * the bytes to whoever may see the task.
 */
export function registerAttachments(app: AnyHono, deps: ApiDeps): void {
  app.post(
    '/api/web/attachments',
    signedIn(deps, async (c, p) => {
      const declared = Number(c.req.header('content-length') ?? '0');
      if (declared > MAX_ATTACHMENT_BYTES + 64 * 1024) throw new ApiProblem(413, 'BODY_TOO_LARGE', `a photo may be at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`);
      const form = await c.req.parseBody();
      const file = form['file'];
      const taskId = typeof form['taskId'] === 'string' ? form['taskId'] : '';
      if (!(file instanceof File)) throw new ApiProblem(422, 'INVALID_REQUEST', 'send the photo as the multipart field "file"', { issues: [{ path: 'body.file', message: 'required' }] });
      if (!IMAGE_TYPES.has(file.type)) throw new ApiProblem(415, 'UNSUPPORTED_MEDIA_TYPE', `attachments are photos (JPEG, PNG, WebP, GIF, HEIC); got "${file.type || 'no type'}"`);
      if (file.size > MAX_ATTACHMENT_BYTES) throw new ApiProblem(413, 'BODY_TOO_LARGE', `a photo may be at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`);
      const task = (await deps.store.db.query<{ store_id: string | null; role: string; status: string }>(`SELECT store_id, role, status FROM tasks WHERE id = $1 AND org_id = $2`, [taskId, p.orgId])).rows[0];
      if (task === undefined || !seesStore(p, task.store_id)) throw notFound('task', taskId);
      if (!worksRole(p, task.store_id, task.role) && !managesStore(p, task.store_id)) throw new ApiProblem(403, 'FORBIDDEN', 'only people who work this task may attach photos to it');
      if (task.status !== 'open' && task.status !== 'claimed') throw new ApiProblem(409, 'TASK_NOT_OPEN', 'the task is closed; photos can only be added while it is open');
      const id = randomUUID();
      const bytes = new Uint8Array(await file.arrayBuffer());
      await deps.store.db.query(
        `INSERT INTO web_attachments (id, org_id, task_id, store_id, media_type, file_name, size, content, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [id, p.orgId, taskId, task.store_id, file.type, file.name.slice(0, 200) || null, bytes.byteLength, bytes, p.staffId, new Date(deps.now()).toISOString()],
      );
      return json({ id, mediaType: file.type, size: bytes.byteLength }, 201);
    }),
  );
  app.get(
    '/api/web/attachments/:id',
    signedIn(deps, async (c, p) => {
      const id = c.req.param('id') ?? '';
      const row = (await deps.store.db.query<{ media_type: string; content: Uint8Array; store_id: string | null }>(`SELECT media_type, content, store_id FROM web_attachments WHERE id = $1 AND org_id = $2`, [id, p.orgId])).rows[0];
      if (row === undefined || !seesStore(p, row.store_id)) throw notFound('attachment', id);
      return new Response(row.content as Uint8Array<ArrayBuffer>, { status: 200, headers: { 'content-type': row.media_type, 'cache-control': 'private, max-age=86400, immutable', 'x-content-type-options': 'nosniff' } });
    }),
  );
}
