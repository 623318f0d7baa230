import { expect, it } from 'vitest';
import { end, human, proc } from '../engine/testing/build.ts';
import { startCase } from './cases.ts';
import { getDefinition, latestPublished, publishDefinition, retireDefinition, saveDraft } from './definitions.ts';
import { describeBackends } from './testing/backends.ts';
import { ORG, SHOP, T0, seeded } from './testing/fixtures.ts';
import type { ProcessDefinition } from '../model/types.ts';

const v1 = proc('intake', [human('greet', 'advisor'), end()]).definition;
const v2: ProcessDefinition = { ...proc('intake', [human('greet', 'advisor'), human('check', 'advisor'), end()]).definition, version: 2 };

describeBackends('definitions', (b) => {
  it('are published once: the same text again is a no-op, different text under that version is refused', async () => {
    const store = await seeded(await b.fresh());
    await publishDefinition(store.db, { orgId: ORG, definition: v1 }, { now: T0 });
    await publishDefinition(store.db, { orgId: ORG, definition: v1 }, { now: T0 + 1 });
    const changed = { ...v1, name: { en: 'changed' } };
    await expect(publishDefinition(store.db, { orgId: ORG, definition: changed }, { now: T0 })).rejects.toMatchObject({ code: 'DEFINITION_IMMUTABLE' });
    await expect(saveDraft(store.db, { orgId: ORG, definition: changed }, { now: T0 })).rejects.toMatchObject({ code: 'DEFINITION_IMMUTABLE' });
    // Not even SQL can change a published row: the trigger guards it.
    await expect(store.db.query(`UPDATE definitions SET source = 'x' WHERE key = 'intake'`)).rejects.toMatchObject({ code: 'SF001' });
    await expect(store.db.query(`DELETE FROM definitions WHERE key = 'intake'`)).rejects.toMatchObject({ code: 'SF001' });
    expect(await getDefinition(store.db, ORG, 'intake', 1)).toMatchObject({ status: 'published', publishedAt: new Date(T0) });
  });

  it('start as drafts that can be edited, then published', async () => {
    const store = await seeded(await b.fresh());
    await saveDraft(store.db, { orgId: ORG, definition: v1, source: 'key: intake  # first try', format: 'yaml' }, { now: T0 });
    await saveDraft(store.db, { orgId: ORG, definition: v1, source: 'key: intake', format: 'yaml' }, { now: T0 });
    await expect(latestPublished(store.db, store, ORG, 'intake')).rejects.toMatchObject({ code: 'DEFINITION_NOT_FOUND' });
    await publishDefinition(store.db, { orgId: ORG, key: 'intake', version: 1 }, { now: T0 });
    expect(await getDefinition(store.db, ORG, 'intake', 1)).toMatchObject({ status: 'published', source: 'key: intake', format: 'yaml' });
  });

  it('refuse a definition that does not compile, naming the problem', async () => {
    const store = await seeded(await b.fresh());
    const bad: ProcessDefinition = { ...v1, nodes: [{ kind: 'human', id: 'a', name: { en: 'a' }, role: 'ghost', assignment: { strategy: 'queue' } }, { kind: 'end', id: 'e', name: { en: 'e' } }] };
    await expect(publishDefinition(store.db, { orgId: ORG, definition: bad }, { now: T0 })).rejects.toMatchObject({ code: 'DEFINITION_INVALID', message: expect.stringContaining('ghost') });
  });

  it('start new cases on the newest published version; a running case keeps its version; retired versions take no new cases', async () => {
    const store = await seeded(await b.fresh(), { staff: { advisor: ['li'] } });
    await publishDefinition(store.db, { orgId: ORG, definition: v1 }, { now: T0 });
    const old = await startCase(store, { orgId: ORG, process: 'intake', storeId: SHOP }, { now: T0, actor: 'li' });
    await publishDefinition(store.db, { orgId: ORG, definition: v2 }, { now: T0 });
    const fresh = await startCase(store, { orgId: ORG, process: 'intake', storeId: SHOP }, { now: T0, actor: 'li' });
    expect([old.state.process.version, fresh.state.process.version]).toEqual([1, 2]);
    await retireDefinition(store.db, ORG, 'intake', 2, { now: T0 });
    await expect(startCase(store, { orgId: ORG, process: 'intake', version: 2, storeId: SHOP }, { now: T0, actor: 'li' })).rejects.toMatchObject({ code: 'DEFINITION_NOT_FOUND' });
    expect((await startCase(store, { orgId: ORG, process: 'intake', storeId: SHOP }, { now: T0, actor: 'li' })).state.process.version).toBe(1);
  });
});
