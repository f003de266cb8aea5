import { describe, expect, it } from 'vitest';
import type { FundFlowDto } from '../../../contracts/aid';
import { amountRuleToForm, daysLeft, formToAmountRule, shapeFundFlow, sharePct, sumFen } from './money';

describe('amount rule form: yuan text ↔ fen', () => {
  it('by schooling stage: university 5,000 / vocational college 3,000 yuan', () => {
    const r = formToAmountRule({ mode: 'by_stage', amounts: { university: '5,000', vocational_college: '3000', senior_high: ' ' } });
    expect(r).toEqual({ ok: true, rule: { mode: 'by_stage', amounts: { university: 500000, vocational_college: 300000 } } });
    if (r.ok) expect(amountRuleToForm(r.rule)).toEqual({ mode: 'by_stage', amounts: { university: '5000.00', vocational_college: '3000.00' } });
  });
  it('fixed and per member, with and without a cap', () => {
    expect(formToAmountRule({ mode: 'fixed', fixedYuan: '800.5' })).toEqual({ ok: true, rule: { mode: 'fixed', amountFen: 80050 } });
    expect(formToAmountRule({ mode: 'per_member', perMemberYuan: '300', maxYuan: '' })).toEqual({ ok: true, rule: { mode: 'per_member', perMemberFen: 30000, maxFen: null } });
    expect(formToAmountRule({ mode: 'per_member', perMemberYuan: '300', maxYuan: '1200' })).toEqual({ ok: true, rule: { mode: 'per_member', perMemberFen: 30000, maxFen: 120000 } });
    expect(amountRuleToForm({ mode: 'per_member', perMemberFen: 30000, maxFen: null })).toMatchObject({ perMemberYuan: '300.00', maxYuan: '' });
    expect(amountRuleToForm({ mode: 'fixed', amountFen: 0 })).toMatchObject({ fixedYuan: '0.00' });
  });
  it('names the field that is not an amount', () => {
    expect(formToAmountRule({ mode: 'fixed', fixedYuan: '1.005' })).toEqual({ ok: false, field: 'fixedYuan', problem: 'invalid' });
    expect(formToAmountRule({ mode: 'fixed', fixedYuan: '' })).toEqual({ ok: false, field: 'fixedYuan', problem: 'required' });
    expect(formToAmountRule({ mode: 'by_level', amounts: { deep: 'abc' } })).toEqual({ ok: false, field: 'amounts.deep', problem: 'invalid' });
    expect(formToAmountRule({ mode: 'by_category', amounts: {} })).toEqual({ ok: false, field: 'amounts', problem: 'empty' });
    expect(formToAmountRule({ mode: 'per_member', perMemberYuan: '10', maxYuan: '-1' })).toEqual({ ok: false, field: 'maxYuan', problem: 'invalid' });
  });
});

describe('sums and shares', () => {
  it('sums fen as integers: 0.1 + 0.2 yuan is exactly 30 fen', () => {
    expect(sumFen([10, 20, null, undefined])).toBe(30);
    expect(sumFen(Array.from({ length: 1000 }, () => 1))).toBe(1000);
  });
  it('shares stay within 0–100', () => {
    expect(sharePct(1, 3)).toBe(33.3);
    expect(sharePct(5, 0)).toBe(0);
    expect(sharePct(7, 5)).toBe(100);
  });
  it('days left of a notice count its last day', () => {
    expect(daysLeft('2026-03-10', '2026-03-06')).toBe(5);
    expect(daysLeft('2026-03-10', '2026-03-10')).toBe(1);
    expect(daysLeft('2026-03-10', '2026-03-11')).toBe(0);
    expect(daysLeft('2026-03-01', '2026-02-27')).toBe(3);
  });
});

describe('fund flow → sankey', () => {
  const dto: FundFlowDto = {
    from: '2026-01-01',
    to: '2026-12-31',
    totalFen: 1_100_000,
    nodes: [
      { id: 'f', kind: 'fund', label: '省总帮扶资金' },
      { id: 'p', kind: 'program', label: '金秋助学' },
      { id: 'o1', kind: 'org', label: '老城社区工会' },
      { id: 'o2', kind: 'org', label: '洗马路社区工会' },
      { id: 'h1', kind: 'household', label: '陈**' },
      { id: 'h2', kind: 'household', label: '陈**' },
      { id: 'h3', kind: 'household', label: '王**' },
      { id: 'x', kind: 'org', label: 'unused' },
    ],
    links: [
      { source: 'f', target: 'p', amountFen: 1_100_000, count: 3 },
      { source: 'p', target: 'o1', amountFen: 800_000, count: 2 },
      { source: 'p', target: 'o2', amountFen: 300_000, count: 1 },
      { source: 'o1', target: 'h1', amountFen: 500_000, count: 1 },
      { source: 'o1', target: 'h2', amountFen: 300_000, count: 1 },
      { source: 'o2', target: 'h3', amountFen: 300_000, count: 1 },
      { source: 'x', target: 'x', amountFen: 5, count: 1 },
    ],
  };
  it('without households: fund → program → org, nodes named by id, unused nodes dropped', () => {
    const s = shapeFundFlow(dto, { households: false });
    expect(s.nodes.map((n) => n.name)).toEqual(['f', 'p', 'o1', 'o2']);
    expect(s.links).toHaveLength(3);
    expect(s.nodes.find((n) => n.name === 'o1')).toMatchObject({ label: '老城社区工会', depth: 2 });
  });
  it('keeps the largest households and gathers the rest per org', () => {
    const s = shapeFundFlow(dto, { households: true, maxHouseholds: 1, othersLabel: '其他' });
    expect(s.nodes.map((n) => n.name)).toEqual(['f', 'p', 'o1', 'o2', 'h1', 'others:o1', 'others:o2']);
    expect(s.links.find((l) => l.target === 'others:o1')).toEqual({ source: 'o1', target: 'others:o1', value: 300_000, count: 1 });
    // what reaches households equals what left the program
    const toHouseholds = sumFen(s.links.filter((l) => s.nodes.find((n) => n.name === l.target)?.kind === 'household').map((l) => l.value));
    expect(toHouseholds).toBe(1_100_000);
  });
});
