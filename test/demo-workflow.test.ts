import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../src/server/demo/seed';
import { seedDemoWorkflow } from '../src/server/demo/workflow';
import { loginAs, useTestApp } from './support/app';
import { demoWorklist, sectionTotal } from './support/demo';

const t = useTestApp();
let first: { households: number };

beforeAll(async () => {
  await seedDemo(t.deps);
  first = await seedDemoWorkflow(t.deps);
});

const worklistOf = (username: string) => demoWorklist(t, username);
const total = sectionTotal;

describe('demo workflow data', () => {
  it('puts files at every verification step, so each demo login opens on a queue', async () => {
    expect(first.households).toBe(7);
    expect(total(await worklistOf('zunyi_investigator'), 'verification.my_visits')).toBe(2);
    expect(total(await worklistOf('honghuagang_cadre'), 'verification.unassigned')).toBe(2);
    expect(total(await worklistOf('honghuagang_reviewer'), 'verification.awaiting_approval')).toBe(1);
  });

  it('leaves one approved file whose chain names who investigated, registered, reviewed and is responsible', async () => {
    const cookie = await loginAs(t.app, 'honghuagang_reviewer', DEMO_PASSWORD);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/registry/households?status=approved', headers: { cookie } });
    const items = (list.json() as { items: Array<{ id: string; archiveNo: string | null }> }).items;
    expect(items).toHaveLength(1);
    expect(items[0]!.archiveNo).toMatch(/^520302-\d{4}-\d{6}$/);
    const h = await t.app.inject({ method: 'GET', url: `/api/v1/registry/households/${items[0]!.id}`, headers: { cookie } });
    const body = h.json() as { signers: Record<string, { name: string } | null> };
    expect(body.signers).toMatchObject({ registeredBy: { name: '刘干事' }, investigatedBy: { name: '吴义工' }, reviewedBy: { name: '陈主席' }, responsible: { name: '陈主席' } });
  });

  it('runs once: a second call adds nothing', async () => {
    expect(await seedDemoWorkflow(t.deps)).toEqual({ households: 0 });
  });
});
