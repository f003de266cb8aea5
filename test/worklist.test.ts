import { beforeAll, describe, expect, it } from 'vitest';
import type { WorklistDto } from '../src/contracts/worklist';
import { seedDemo } from '../src/server/demo/seed';
import { loginAs, useTestApp } from './support/app';
import { PASSWORD, makeGrassroots, makeUser } from './support/factories';
import { householdInput } from './support/registry';
import { openTaskOf, verificationHelpers } from './support/verification';

const t = useTestApp();
const H = '/api/v1/registry/households';

async function worklist(cookie: string): Promise<WorklistDto> {
  const r = await t.app.inject({ method: 'GET', url: '/api/v1/worklist', headers: { cookie } });
  expect(r.statusCode).toBe(200);
  return r.json() as WorklistDto;
}
const section = (w: WorklistDto, key: string) => w.sections.find((s) => s.key === key);

let cadre: string;
let investigator: string;
let investigatorId: string;
let finance: string;

beforeAll(async () => {
  await seedDemo(t.deps);
  const g = await makeGrassroots(t.deps, { countyCode: '520302' });
  const c = await makeUser(t.deps, { orgId: g.id, roles: ['cadre'] });
  cadre = await loginAs(t.app, c.username, PASSWORD);
  const inv = await makeUser(t.deps, { orgCode: '52', roles: ['investigator'] });
  investigator = await loginAs(t.app, inv.username, PASSWORD);
  investigatorId = inv.id;
  const f = await makeUser(t.deps, { orgCode: '52', roles: ['finance'] });
  finance = await loginAs(t.app, f.username, PASSWORD);
  // one reported household, submitted: a verification task is waiting for a coordinator
  const created = await t.app.inject({ method: 'POST', url: H, headers: { cookie: cadre }, payload: householdInput(g.id) });
  expect(created.statusCode).toBe(201);
  const h = created.json() as { id: string; version: number };
  const s = await t.app.inject({ method: 'POST', url: `${H}/${h.id}/transition`, headers: { cookie: cadre }, payload: { to: 'submitted', reason: '摸底上报', version: h.version } });
  expect(s.statusCode).toBe(200);
  const task = await openTaskOf(t, h.id);
  const { coordinator } = await verificationHelpers(t);
  const a = await t.app.inject({ method: 'POST', url: '/api/v1/verification/tasks/assign', headers: { cookie: coordinator }, payload: { taskIds: [task!.id], investigatorId } });
  expect(a.statusCode).toBe(200);
});

describe('GET /api/v1/worklist', () => {
  it('needs a session', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/api/v1/worklist' });
    expect(r.statusCode).toBe(401);
  });

  it("opens the investigator on the visits assigned to them, and nothing of other roles' queues", async () => {
    const w = await worklist(investigator);
    const visits = section(w, 'verification.my_visits');
    expect(visits?.total).toBe(1);
    expect(visits?.items[0]?.href).toMatch(/^\/verification\/visit\//);
    expect(section(w, 'verification.unassigned')).toBeUndefined();
    expect(section(w, 'verification.awaiting_approval')).toBeUndefined();
    expect(section(w, 'dynamic.annual_review_due')).toBeUndefined();
  });

  it("opens the cadre on the cadre's queues (annual reviews, measures), not on the investigator's visits", async () => {
    const w = await worklist(cadre);
    expect(section(w, 'verification.my_visits')).toBeUndefined();
    expect(section(w, 'dynamic.annual_review_due')).toBeDefined();
    expect(section(w, 'dynamic.overdue_measures')).toBeDefined();
  });

  it('answers a role without queues with no sections', async () => {
    const w = await worklist(finance);
    expect(w.sections).toEqual([]);
  });

  it('puts queues with work before empty ones', async () => {
    const w = await worklist(investigator);
    const firstEmpty = w.sections.findIndex((s) => s.total === 0);
    const lastBusy = w.sections.map((s) => s.total > 0).lastIndexOf(true);
    if (firstEmpty >= 0) expect(lastBusy).toBeLessThan(firstEmpty);
    expect(w.sections[0]?.total).toBeGreaterThan(0);
  });
});
