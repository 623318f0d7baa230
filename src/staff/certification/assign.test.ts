import { expect, it } from 'vitest';
import { compile } from '../../model/index.ts';
import { parseSop } from '../../model/yaml/read.ts';
import { describeBackends } from '../../store/testing/backends.ts';
import { StoreRunner } from '../../testing/store-runner.ts';
import { TEMPLATE_CALENDARS, template } from '../../../templates/testing.ts';
import { addRequirement, issueCertificate, listSkips, revokeCertificate } from './repo.ts';

/**
 * S01: beauticians serve only with a certificate (上岗证). Facial treatments are given out by
 * duty rotation among the beauticians; one has no certificate, one's has expired. Over a day of
 * visits the uncertified ones never receive a facial, and the skip table says why.
 */
const FACIAL = parseSop(
  `key: facial
version: 1
name: { zh: 面部护理, en: Facial treatment }
roles:
  - { id: beautician, name: { zh: 美容师, en: Beautician } }
variables: []
nodes:
  - id: facial
    human: { zh: 面部护理, en: Facial }
    role: beautician
    assignment: rotation
    certificate: facial-treatment
  - id: done
    end: { en: Done }
`,
  'facial.yaml',
);

const DAY = 86_400_000;
const ORG = 'tpl-org';

describeBackends('certificates gate assignment', (b) => {
  it('an uncertified or expired beautician never receives a facial task, and the skips say why', async () => {
    const r = await StoreRunner.open({ processes: [compile(FACIAL)], calendars: TEMPLATE_CALENDARS, staff: { beautician: ['bea-a', 'bea-b', 'bea-c'] }, db: await b.fresh() });
    const now = r.now;
    await issueCertificate(r.store.db, { id: 'c1', orgId: ORG, staffId: 'bea-a', certType: 'facial-treatment', issuedAt: now - 30 * DAY, expiresAt: now + 300 * DAY, issuedBy: 'mgr' }, now);
    await issueCertificate(r.store.db, { id: 'c2', orgId: ORG, staffId: 'bea-c', certType: 'facial-treatment', issuedAt: now - 400 * DAY, expiresAt: now - DAY, issuedBy: 'mgr' }, now);
    const got: string[] = [];
    for (let i = 0; i < 6; i++) {
      const id = await r.start('facial');
      got.push(r.taskAt(id, 'facial').assignee!);
    }
    expect(got).toEqual(['bea-a', 'bea-a', 'bea-a', 'bea-a', 'bea-a', 'bea-a']);
    const skips = await listSkips(r.store.db, ORG);
    expect(new Set(skips.map((s) => `${s.staffId}:${s.reason}`))).toEqual(new Set(['bea-b:missing', 'bea-c:expired']));
    expect(skips.filter((s) => s.staffId === 'bea-b')).toHaveLength(6);

    // bea-c renews: the rotation now alternates between the two certified beauticians.
    await issueCertificate(r.store.db, { id: 'c3', orgId: ORG, staffId: 'bea-c', certType: 'facial-treatment', issuedAt: now, expiresAt: now + 365 * DAY, issuedBy: 'mgr', renews: 'c2' }, now);
    const next: string[] = [];
    for (let i = 0; i < 4; i++) next.push(r.taskAt(await r.start('facial'), 'facial').assignee!);
    expect(next.sort()).toEqual(['bea-a', 'bea-a', 'bea-c', 'bea-c']);

    // Nobody certified left: the task waits in the queue and the skip table says so.
    await revokeCertificate(r.store.db, ORG, 'c1', now);
    await revokeCertificate(r.store.db, ORG, 'c3', now);
    const waiting = await r.start('facial');
    const t = r.taskAt(waiting, 'facial');
    expect(t.assignee).toBeUndefined();
    const why = await listSkips(r.store.db, ORG, { taskId: t.id });
    expect(why.map((s) => `${s.staffId ?? '-'}:${s.reason}`).sort()).toEqual(['-:nobody-certified', 'bea-a:revoked', 'bea-b:missing', 'bea-c:revoked']);
  });

  it('the salon template: a requirement row on the beautician role gates every beautician step', async () => {
    const salon = await template('beauty/salon-visit.yaml');
    const r = await StoreRunner.open({ processes: [salon], calendars: TEMPLATE_CALENDARS, db: await b.fresh() });
    await addRequirement(r.store.db, { id: 'rq1', orgId: ORG, processKey: 'salon-visit', node: null, role: 'beautician', certType: 'facial-treatment' }, r.now);
    const { requiredCertificates } = await import('./certs.ts');
    expect(await requiredCertificates(r.store.db, ORG, salon, 'treatment')).toEqual(['facial-treatment']);
    expect(await requiredCertificates(r.store.db, ORG, salon, 'changing-room')).toEqual(['facial-treatment']);
    expect(await requiredCertificates(r.store.db, ORG, salon, 'reconsult')).toEqual([]);
  });
});
