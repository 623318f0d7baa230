import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { fromBpmn, toBpmn } from '../../model/bpmn/index.ts';
import { parseSop } from '../../model/yaml/read.ts';
import { describeBackends } from '../../store/testing/backends.ts';
import { REPAIR_V1 } from '../testing/sops.ts';
import { fingerprint, makeWorld, PERSONAS, type Persona, type World } from '../testing/world.ts';

/**
 * BPMN in the definitions API: upload (XML body or JSON `format: "bpmn"`), validate, and a
 * version read back as BPMN. Permission table in the style of src/api/permissions.test.ts:
 * written out here, refusals change nothing, allowed changes are audited, other organisations
 * see 404.
 */

type Who = 'anon' | Persona;
const WHO: readonly Who[] = ['anon', ...PERSONAS];
const XML = { 'content-type': 'application/xml' };
const camunda = await readFile(new URL('../../model/bpmn/fixtures/camunda-complaint.bpmn', import.meta.url), 'utf8');

let n = 0;
/** The repair SOP as BPMN, under a fresh version number (so each upload is a new draft). */
const repairBpmn = async (): Promise<string> => toBpmn(parseSop(REPAIR_V1.replace('version: 1', `version: ${2000 + ++n}`), 'r.yaml'));
const auditCount = async (w: World) => (await w.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log`)).rows[0]!.n;

interface Row {
  readonly route: string;
  /** anon admin gm auditor mgr1 aud1 adv1 tech1 adv2 adminB advB */
  readonly expect: readonly number[];
  readonly call: (w: World) => Promise<{ method: string; path: string; body?: unknown; headers?: Record<string, string> }>;
  readonly audited?: boolean;
}

const ROWS: readonly Row[] = [
  { route: 'POST /api/definitions (XML)', expect: [401, 201, 403, 403, 403, 403, 403, 403, 403, 201, 403], audited: true, call: async () => ({ method: 'POST', path: '/api/definitions', body: await repairBpmn(), headers: XML }) },
  { route: 'POST /api/definitions (JSON bpmn)', expect: [401, 201, 403, 403, 403, 403, 403, 403, 403, 201, 403], audited: true, call: async () => ({ method: 'POST', path: '/api/definitions', body: { format: 'bpmn', source: await repairBpmn() } }) },
  { route: 'POST /api/definitions (bad BPMN)', expect: [401, 422, 403, 403, 403, 403, 403, 403, 403, 422, 403], call: async () => ({ method: 'POST', path: '/api/definitions', body: '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"/>', headers: XML }) },
  { route: 'POST /api/definitions/validate (XML)', expect: [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200], call: async () => ({ method: 'POST', path: '/api/definitions/validate', body: camunda, headers: { 'content-type': 'text/xml' } }) },
  { route: 'GET …/repair/versions/1?format=bpmn', expect: [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200], call: async () => ({ method: 'GET', path: '/api/definitions/repair/versions/1?format=bpmn' }) },
  { route: 'GET …/complaint_handling/versions/1 (org A only)', expect: [401, 200, 200, 200, 200, 200, 200, 200, 200, 404, 404], call: async () => ({ method: 'GET', path: '/api/definitions/complaint_handling/versions/1', headers: { accept: 'application/xml' } }) },
];

describeBackends('definitions API: BPMN', (b) => {
  it('permission table: who may upload, validate and read BPMN; refusals change nothing; other orgs get 404', async () => {
    const w = await makeWorld(await b.fresh(), { config: { loginLimit: { maxFailures: 10_000, windowMs: 60_000 } } });
    expect((await w.as('admin').post('/api/definitions', camunda, XML)).status).toBe(201);
    const failures: string[] = [];
    for (const row of ROWS) {
      for (const [i, who] of WHO.entries()) {
        const want = row.expect[i]!;
        const c = await row.call(w);
        const client = who === 'anon' ? w.anon : await w.fresh(who);
        const before = want >= 400 ? await fingerprint(w.db) : undefined;
        const audits = await auditCount(w);
        const res = await client.request(c.method, c.path, c.body, c.headers);
        if (res.status !== want) {
          failures.push(`${row.route} as ${who}: ${res.status} (wanted ${want}) ${res.text.slice(0, 200)}`);
          continue;
        }
        if (want >= 400) expect(await fingerprint(w.db), `${row.route} as ${who} was refused but changed the database`).toBe(before);
        else if (row.audited) expect(await auditCount(w), `${row.route} as ${who} without an audit entry`).toBeGreaterThan(audits);
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);

  it('a Camunda Modeler file uploads, publishes, starts cases, and reads back as the file uploaded', async () => {
    const w = await makeWorld(await b.fresh());
    const admin = w.as('admin');
    const up = await admin.post('/api/definitions', camunda, XML);
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ key: 'complaint_handling', version: 1, status: 'draft', format: 'bpmn' });
    expect(up.body.definition.roles.map((r: { id: string }) => r.id).sort()).toEqual(['front-desk', 'manager', 'technician']);
    expect((await admin.post('/api/definitions/complaint_handling/versions/1/publish')).status).toBe(200);
    const started = await admin.post('/api/cases', { process: 'complaint_handling', storeId: 's1', data: { severity: 'high', amount: 5000 } });
    expect(started.status).toBe(201);
    expect(started.body.openTasks.map((t: { step: string }) => t.step)).toEqual(['Activity_register']);
    const asXml = await admin.get('/api/definitions/complaint_handling/versions/1?format=bpmn');
    expect(asXml.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(asXml.text).toBe(camunda);
    const asJson = await admin.get('/api/definitions/complaint_handling/versions/1', { accept: 'application/json, application/xml;q=0.5' });
    expect(asJson.body.format).toBe('bpmn');
    const asYaml = await admin.get('/api/definitions/complaint_handling/versions/1?format=yaml');
    expect(asYaml.headers.get('content-type')).toMatch(/^application\/yaml/);
    expect(parseSop(asYaml.text, 'x.yaml')).toEqual(asJson.body.definition);
  });

  it('a YAML version is exported as BPMN that reads back to the same definition', async () => {
    const w = await makeWorld(await b.fresh());
    const res = await w.as('adv1').get('/api/definitions/repair/versions/1', { accept: 'application/bpmn+xml' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('inline; filename="repair-v1.bpmn"');
    const json = await w.as('adv1').get('/api/definitions/repair/versions/1');
    // A browser navigating to the URL prefers HTML: it gets JSON, not a download.
    const browser = await w.as('adv1').get('/api/definitions/repair/versions/1', { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' });
    expect(browser.body).toEqual(json.body);
    expect(await fromBpmn(res.text)).toEqual(json.body.definition);
  });

  it('validate names the BPMN element at fault; upload answers 422 with the same issues and saves nothing', async () => {
    const w = await makeWorld(await b.fresh());
    const bad = camunda.replace('<bpmn:userTask id="Activity_fix" name="现场处理" camunda:candidateGroups="technician">', '<bpmn:userTask id="Activity_fix" name="现场处理">');
    const v = await w.as('adv1').post('/api/definitions/validate', { format: 'bpmn', source: bad });
    expect(v.body).toEqual({ valid: false, issues: [{ line: 0, column: 0, path: 'Activity_fix', message: expect.stringContaining('has no role') }] });
    const before = await fingerprint(w.db);
    const up = await w.as('admin').post('/api/definitions', bad, XML);
    expect(up.status).toBe(422);
    expect(up.body).toMatchObject({ code: 'BPMN_INVALID', issues: [{ path: 'Activity_fix' }] });
    expect(await fingerprint(w.db)).toBe(before);
    // A graph problem (an undeclared escalation role) is located by the node id.
    const undeclared = (await repairBpmn()).replace(
      '<servflow:sla due="2 h" />',
      '<servflow:sla due="2 h"><servflow:escalation><servflow:action kind="notify" role="boss" /></servflow:escalation></servflow:sla>',
    );
    const c = await w.as('adv1').post('/api/definitions/validate', undeclared, XML);
    expect(c.body).toEqual({ valid: false, issues: [{ line: 0, column: 0, path: 'intake.sla.escalations.0.actions.0.role', message: expect.stringContaining('role "boss" is not declared') }] });
  });
});
