import type { AmountRule, FundFlowDto } from '../../../contracts/aid';
import { CATEGORIES, LEVELS, SCHOOLING_STAGES } from '../../../contracts/registry';
import { fenToYuanText, yuanTextToFen } from '../registry/numbers';

/** Sums integer fen exactly (never through floats of yuan). */
export function sumFen(values: ReadonlyArray<number | null | undefined>): number {
  let s = 0;
  for (const v of values) if (typeof v === 'number') s += Math.trunc(v);
  return s;
}

/** A share of a whole as a percentage for a progress bar: 0–100, one decimal; 0 when the whole is 0. */
export function sharePct(part: number, whole: number): number {
  if (whole <= 0) return 0;
  return Math.max(0, Math.min(100, Math.round((part * 1000) / whole) / 10));
}

export type AmountMode = AmountRule['mode'];
export const AMOUNT_MODES: readonly AmountMode[] = ['fixed', 'by_category', 'by_level', 'by_stage', 'per_member'];

/** The keys each keyed mode sets an amount for. */
export const AMOUNT_KEYS = {
  by_category: CATEGORIES.filter((c) => c !== 'not_eligible'),
  by_level: LEVELS,
  by_stage: SCHOOLING_STAGES.filter((s) => s !== 'none'),
} as const;

/** The amount rule as the form holds it: yuan text in every amount field. */
export interface AmountForm {
  mode: AmountMode;
  fixedYuan?: string;
  /** By category / level / stage: key → yuan text (blank: nothing at that key). */
  amounts?: Record<string, string | undefined>;
  perMemberYuan?: string;
  maxYuan?: string;
}

/** An amount rule from the API → the form (fen → yuan text). */
export function amountRuleToForm(rule: AmountRule | null | undefined): AmountForm {
  if (!rule) return { mode: 'fixed', fixedYuan: '', amounts: {} };
  switch (rule.mode) {
    case 'fixed':
      return { mode: 'fixed', fixedYuan: fenToYuanText(rule.amountFen, true), amounts: {} };
    case 'per_member':
      return { mode: 'per_member', perMemberYuan: fenToYuanText(rule.perMemberFen, true), maxYuan: rule.maxFen === null ? '' : fenToYuanText(rule.maxFen, true), amounts: {} };
    default: {
      const amounts: Record<string, string> = {};
      for (const [k, v] of Object.entries(rule.amounts as Record<string, number | undefined>)) if (typeof v === 'number') amounts[k] = fenToYuanText(v, true);
      return { mode: rule.mode, amounts };
    }
  }
}

export type AmountFormResult = { ok: true; rule: AmountRule } | { ok: false; field: string; problem: 'invalid' | 'required' | 'empty' };

/** The form → an amount rule in fen; names the first field that is not an amount. */
export function formToAmountRule(f: AmountForm): AmountFormResult {
  const fen = (text: string | undefined) => yuanTextToFen(text ?? '');
  switch (f.mode) {
    case 'fixed': {
      if (!(f.fixedYuan ?? '').trim()) return { ok: false, field: 'fixedYuan', problem: 'required' };
      const v = fen(f.fixedYuan);
      return v === null ? { ok: false, field: 'fixedYuan', problem: 'invalid' } : { ok: true, rule: { mode: 'fixed', amountFen: v } };
    }
    case 'per_member': {
      if (!(f.perMemberYuan ?? '').trim()) return { ok: false, field: 'perMemberYuan', problem: 'required' };
      const per = fen(f.perMemberYuan);
      if (per === null) return { ok: false, field: 'perMemberYuan', problem: 'invalid' };
      const maxText = (f.maxYuan ?? '').trim();
      const max = maxText ? fen(maxText) : null;
      if (maxText && max === null) return { ok: false, field: 'maxYuan', problem: 'invalid' };
      return { ok: true, rule: { mode: 'per_member', perMemberFen: per, maxFen: max } };
    }
    default: {
      const keys = AMOUNT_KEYS[f.mode] as readonly string[];
      const amounts: Record<string, number> = {};
      for (const k of keys) {
        const text = (f.amounts?.[k] ?? '').trim();
        if (!text) continue;
        const v = fen(text);
        if (v === null) return { ok: false, field: `amounts.${k}`, problem: 'invalid' };
        amounts[k] = v;
      }
      if (!Object.keys(amounts).length) return { ok: false, field: 'amounts', problem: 'empty' };
      return { ok: true, rule: { mode: f.mode, amounts } as AmountRule };
    }
  }
}

export interface SankeyData {
  nodes: Array<{ name: string; label: string; kind: string; depth: number }>;
  links: Array<{ source: string; target: string; value: number; count: number }>;
}

const DEPTH: Record<string, number> = { fund: 0, program: 1, org: 2, household: 3 };

/**
 * The fund-flow answer → ECharts sankey data. Nodes are named by their id (labels may repeat); households
 * are left out, or only the `maxHouseholds` largest kept with the rest gathered per org into "others".
 * Values stay integer fen.
 */
export function shapeFundFlow(dto: FundFlowDto, opts: { households: boolean; maxHouseholds?: number; othersLabel?: string }): SankeyData {
  const kind = new Map(dto.nodes.map((n) => [n.id, n.kind]));
  const label = new Map(dto.nodes.map((n) => [n.id, n.label]));
  const isHh = (id: string) => kind.get(id) === 'household';
  const links = new Map<string, { source: string; target: string; value: number; count: number }>();
  const add = (source: string, target: string, value: number, count: number) => {
    const k = `${source}\u0000${target}`;
    const l = links.get(k);
    if (l) {
      l.value += value;
      l.count += count;
    } else links.set(k, { source, target, value, count });
  };
  let keep = new Set<string>();
  if (opts.households) {
    const received = new Map<string, number>();
    for (const l of dto.links) if (isHh(l.target)) received.set(l.target, (received.get(l.target) ?? 0) + l.amountFen);
    const ranked = [...received.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    keep = new Set(ranked.slice(0, opts.maxHouseholds ?? 30).map(([id]) => id));
  }
  const othersLabel = new Map<string, string>();
  for (const l of dto.links) {
    if (l.amountFen <= 0 || l.source === l.target) continue;
    if (isHh(l.target)) {
      if (!opts.households) continue;
      if (keep.has(l.target)) add(l.source, l.target, l.amountFen, l.count);
      else {
        const id = `others:${l.source}`;
        othersLabel.set(id, `${label.get(l.source) ?? ''} · ${opts.othersLabel ?? '…'}`);
        add(l.source, id, l.amountFen, l.count);
      }
    } else if (!isHh(l.source)) add(l.source, l.target, l.amountFen, l.count);
  }
  const used = new Set<string>();
  for (const l of links.values()) {
    used.add(l.source);
    used.add(l.target);
  }
  const nodes: SankeyData['nodes'] = [];
  for (const n of dto.nodes) if (used.has(n.id)) nodes.push({ name: n.id, label: n.label, kind: n.kind, depth: DEPTH[n.kind] ?? 0 });
  for (const [id, l] of othersLabel) if (used.has(id)) nodes.push({ name: id, label: l, kind: 'household', depth: 3 });
  return { nodes, links: [...links.values()] };
}

/** Days from today (YYYY-MM-DD) to the last day of a notice, counting that day; 0 once it has passed. */
export function daysLeft(endsOn: string, today: string): number {
  const a = Date.UTC(+today.slice(0, 4), +today.slice(5, 7) - 1, +today.slice(8, 10));
  const b = Date.UTC(+endsOn.slice(0, 4), +endsOn.slice(5, 7) - 1, +endsOn.slice(8, 10));
  const d = Math.round((b - a) / 86_400_000) + 1;
  return d > 0 ? d : 0;
}
