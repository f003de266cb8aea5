import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/server/demo/seed';
import { loginAs, useTestApp } from './support/app';
import { makeUser } from './support/factories';

interface Case {
  id: string;
  regionCode: string;
  year: number;
  receivesDibao: boolean;
  size: number;
  annualIncomeFen: number;
  annualRigidSpendingFen: number;
  expect: { category: string; level: string | null };
}
const vectors = JSON.parse(readFileSync(new URL('./vectors/identification.json', import.meta.url), 'utf8')) as { cases: Case[] };

const t = useTestApp();
let cadre: string;
let zunyiAdmin: string;
let provinceAdmin: string;

beforeAll(async () => {
  await seedDemo(t.deps);
  cadre = await loginAs(t.app, (await makeUser(t.deps, { roles: ['cadre'] })).username, 'Test-Passw0rd!');
  zunyiAdmin = await loginAs(t.app, (await makeUser(t.deps, { orgCode: '5203', roles: ['admin'] })).username, 'Test-Passw0rd!');
  provinceAdmin = await loginAs(t.app, (await makeUser(t.deps, { orgCode: '52', roles: ['admin'] })).username, 'Test-Passw0rd!');
});

describe('POST /api/v1/registry/assess', () => {
  it.each(vectors.cases)('worked case $id', async (c) => {
    const { id: _id, expect: want, ...body } = c;
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/registry/assess', headers: { cookie: cadre }, payload: body });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect({ category: r.category, level: r.level }).toEqual(want);
    expect(r.perCapitaMonthlyIncomeFen).toBe(Math.floor((2 * c.annualIncomeFen + 12 * c.size) / (2 * 12 * c.size)));
    expect(r.reasons.length).toBeGreaterThan(0);
  });

  it('explains with amounts in yuan, in the request language', async () => {
    const body = { regionCode: '520302', year: 2016, receivesDibao: false, size: 3, annualIncomeFen: 2880000, annualRigidSpendingFen: 600000 };
    const zh = (await t.app.inject({ method: 'POST', url: '/api/v1/registry/assess', headers: { cookie: cadre }, payload: body })).json();
    expect(zh.reasons[0].zh).toBe('人均月收入 800.00 元 ≤ 1.5 × 低保标准 560.00 元（840.00 元）');
    expect(zh.dibaoLineFen).toBe(56000);
    expect(zh.lineRegionCode).toBe('5203');
  });

  it('saves nothing', async () => {
    const before = (await t.app.inject({ method: 'GET', url: '/api/v1/audit/events?limit=1', headers: { cookie: provinceAdmin } })).json().items[0].seq;
    await t.app.inject({ method: 'POST', url: '/api/v1/registry/assess', headers: { cookie: cadre }, payload: { ...vectors.cases[0], id: undefined, expect: undefined } });
    const after = (await t.app.inject({ method: 'GET', url: '/api/v1/audit/events?limit=1', headers: { cookie: provinceAdmin } })).json().items[0].seq;
    expect(after).toBe(before);
  });

  it('a year without a line answers 422 naming region and year; an unknown region 400', async () => {
    const body = { regionCode: '520302', year: 2001, receivesDibao: false, size: 3, annualIncomeFen: 1, annualRigidSpendingFen: 0 };
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/registry/assess', headers: { cookie: cadre }, payload: body });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.message).toBe('红花岗区 2001 年的低保标准尚未设置');
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/registry/assess', headers: { cookie: cadre }, payload: { ...body, regionCode: '529999' } });
    expect(bad.statusCode).toBe(400);
    const neg = await t.app.inject({ method: 'POST', url: '/api/v1/registry/assess', headers: { cookie: cadre }, payload: { ...body, year: 2016, annualIncomeFen: -5 } });
    expect(neg.statusCode).toBe(400);
    expect(neg.json().error.details[0].path).toBe('annualIncomeFen');
    const float = await t.app.inject({ method: 'POST', url: '/api/v1/registry/assess', headers: { cookie: cadre }, payload: { ...body, year: 2016, annualIncomeFen: 100.5 } });
    expect(float.statusCode).toBe(400);
  });
});

describe('dibao lines', () => {
  it('lists the seeded lines of a year', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/registry/dibao-lines?year=2016', headers: { cookie: cadre } });
    expect(res.json().items.map((l: { regionCode: string }) => l.regionCode)).toEqual(['5201', '5202', '5203', '5204', '5205', '5206', '5223', '5226', '5227']);
  });

  it('a county override wins, is audited, and changes the assessment', async () => {
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/registry/dibao-lines',
      headers: { cookie: zunyiAdmin },
      payload: { regionCode: '520302', year: 2016, dibaoLineFen: 60000, nearDibaoMultiplierBp: 15000 },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().rigidSpendingShareBp).toBe(8000);
    const r = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/registry/assess',
        headers: { cookie: cadre },
        payload: { regionCode: '520302', year: 2016, receivesDibao: false, size: 3, annualIncomeFen: 3060000, annualRigidSpendingFen: 0 },
      })
    ).json();
    // 850.00 per person-month: above 1.5 × 560 = 840 but within 1.5 × 600 = 900
    expect(r.lineRegionCode).toBe('520302');
    expect(r.category).toBe('near_dibao');
    const events = (await t.app.inject({ method: 'GET', url: '/api/v1/audit/events?entityType=dibao_line&limit=5', headers: { cookie: provinceAdmin } })).json().items;
    expect(events[0].action).toBe('registry.dibao_line.create');
    expect(events[0].after.dibaoLineFen).toBe(60000);
  });

  it('a city admin cannot set another city’s line (404) and a cadre cannot set any (403)', async () => {
    const body = { regionCode: '5201', year: 2016, dibaoLineFen: 1, nearDibaoMultiplierBp: 15000 };
    expect((await t.app.inject({ method: 'PUT', url: '/api/v1/registry/dibao-lines', headers: { cookie: zunyiAdmin }, payload: body })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'PUT', url: '/api/v1/registry/dibao-lines', headers: { cookie: cadre }, payload: body })).statusCode).toBe(403);
    const lines = (await t.app.inject({ method: 'GET', url: '/api/v1/registry/dibao-lines?year=2016', headers: { cookie: cadre } })).json().items;
    expect(lines.find((l: { regionCode: string }) => l.regionCode === '5201').dibaoLineFen).toBe(64000);
  });

  it('rejects a multiplier below 1 and unknown fields', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/registry/dibao-lines',
      headers: { cookie: provinceAdmin },
      payload: { regionCode: '5201', year: 2016, dibaoLineFen: 64000, nearDibaoMultiplierBp: 9000, extra: 1 },
    });
    expect(res.statusCode).toBe(400);
  });
});
