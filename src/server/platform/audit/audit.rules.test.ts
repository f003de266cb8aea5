import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ChainedEvent, GENESIS_HASH, canonicalJson, hashEvent, verifyChainSegment } from './audit.rules';

describe('canonicalJson', () => {
  it.each<[unknown, string]>([
    [null, 'null'],
    [undefined, 'null'],
    [1, '1'],
    ['a"b', '"a\\"b"'],
    [true, 'true'],
    [[3, 1, 2], '[3,1,2]'],
    [{ b: 1, a: 2 }, '{"a":2,"b":1}'],
    [{ a: undefined, b: null }, '{"b":null}'],
    [{ z: { y: 1, x: [{ d: 1, c: 2 }] } }, '{"z":{"x":[{"c":2,"d":1}],"y":1}}'],
    [{ 名: '陈', a: 1 }, '{"a":1,"名":"陈"}'],
  ])('%j → %s', (value, text) => {
    expect(canonicalJson(value)).toBe(text);
  });

  it('does not depend on key order, at any depth', () => {
    const a = { before: { name: 'x', roles: ['a', 'b'], inner: { q: 1, p: 2 } }, after: null, seq: 3 };
    const b = { seq: 3, after: null, before: { inner: { p: 2, q: 1 }, roles: ['a', 'b'], name: 'x' } };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });

  it('is stable under shuffling keys and a JSON round trip (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const shuffled = JSON.parse(JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).reverse()) : x)));
        expect(canonicalJson(shuffled)).toBe(canonicalJson(v));
        expect(JSON.parse(canonicalJson(v))).toEqual(JSON.parse(JSON.stringify(v)));
      }),
      { numRuns: 300 },
    );
  });

  it('distinguishes values that differ', () => {
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
    expect(canonicalJson({ a: '1' })).not.toBe(canonicalJson({ a: 1 }));
  });
});

function chain(n: number): Array<ChainedEvent & { hash: string }> {
  const out: Array<ChainedEvent & { hash: string }> = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e: ChainedEvent = {
      seq: i,
      id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
      at: new Date(Date.UTC(2026, 10, 30, 2, 0, i)).toISOString(),
      actorUserId: null,
      actorUsername: 'tester',
      actorOrgId: null,
      orgPath: '/52/5203/',
      regionCode: '5203',
      action: 'org.update',
      entityType: 'org',
      entityId: `e${i}`,
      before: { name: `n${i - 1}` },
      after: { name: `n${i}` },
      ip: '127.0.0.1',
      userAgent: 'test',
      requestId: null,
      prevHash: prev,
    };
    const hash = hashEvent(e);
    out.push({ ...e, hash });
    prev = hash;
  }
  return out;
}

const START = { expectedSeq: 1, prevHash: GENESIS_HASH };

describe('hashEvent', () => {
  it('is a SHA-256 hex digest that changes when any field changes', () => {
    const [e] = chain(1);
    const { hash, ...content } = e;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    for (const k of Object.keys(content) as Array<keyof ChainedEvent>) {
      const changed = { ...content, [k]: k === 'seq' ? 99 : k === 'before' || k === 'after' ? { other: true } : 'x' };
      expect(hashEvent(changed), k).not.toBe(hash);
    }
  });
});

describe('verifyChainSegment', () => {
  it('accepts an intact chain and reports where it ended', () => {
    const c = chain(5);
    expect(verifyChainSegment(c, START)).toEqual({ problem: null, lastSeq: 5, lastHash: c[4].hash });
  });

  it('accepts an empty segment', () => {
    expect(verifyChainSegment([], START)).toEqual({ problem: null, lastSeq: 0, lastHash: GENESIS_HASH });
  });

  it('verifies in segments: the end of one is the start of the next', () => {
    const c = chain(6);
    const first = verifyChainSegment(c.slice(0, 3), START);
    expect(first.problem).toBeNull();
    const second = verifyChainSegment(c.slice(3), { expectedSeq: first.lastSeq + 1, prevHash: first.lastHash });
    expect(second).toEqual({ problem: null, lastSeq: 6, lastHash: c[5].hash });
  });

  it.each<[string, (c: Array<ChainedEvent & { hash: string }>) => Array<ChainedEvent & { hash: string }>, object]>([
    ['a changed after value', (c) => c.map((e) => (e.seq === 3 ? { ...e, after: { name: 'forged' } } : e)), { kind: 'changed', seq: 3 }],
    ['a changed actor', (c) => c.map((e) => (e.seq === 1 ? { ...e, actorUsername: 'someone-else' } : e)), { kind: 'changed', seq: 1 }],
    ['a changed time', (c) => c.map((e) => (e.seq === 5 ? { ...e, at: '2020-01-01T00:00:00.000Z' } : e)), { kind: 'changed', seq: 5 }],
    ['a replaced hash', (c) => c.map((e) => (e.seq === 2 ? { ...e, hash: 'f'.repeat(64) } : e)), { kind: 'changed', seq: 2 }],
    ['a removed middle row', (c) => c.filter((e) => e.seq !== 3), { kind: 'removed', seq: 3, afterSeq: 2 }],
    ['a removed first row', (c) => c.filter((e) => e.seq !== 1), { kind: 'removed', seq: 1, afterSeq: null }],
    ['two rows swapped', (c) => [c[0], c[2], c[1], c[3], c[4]], { kind: 'removed', seq: 2 }],
    ['a duplicated row', (c) => [c[0], c[1], c[1], c[2]], { kind: 'out_of_order', seq: 2 }],
  ])('detects %s', (_name, tamper, problem) => {
    const res = verifyChainSegment(tamper(chain(5)), START);
    expect(res.problem).toMatchObject(problem);
  });

  it('detects a removed row whose successors were renumbered and re-hashed (prevHash no longer follows)', () => {
    const c = chain(5);
    // remove seq 3, renumber 4→3 and 5→4, recompute their own hashes but keep their prevHash
    const tampered = [c[0], c[1], ...[c[3], c[4]].map((e, i) => {
      const { hash: _h, ...content } = { ...e, seq: 3 + i };
      return { ...content, hash: hashEvent(content) };
    })];
    expect(verifyChainSegment(tampered, START).problem).toMatchObject({ kind: 'out_of_order', seq: 3, id: c[3].id });
  });

  it('detects a forged row with a valid own hash that does not follow its predecessor', () => {
    const c = chain(3);
    const { hash: _h, ...third } = c[2];
    const forgedContent: ChainedEvent = { ...third, id: 'forged', prevHash: 'e'.repeat(64) };
    const forged = { ...forgedContent, hash: hashEvent(forgedContent) };
    expect(verifyChainSegment([c[0], c[1], forged], START).problem).toEqual({ kind: 'out_of_order', seq: 3, id: 'forged' });
  });

  it('a segment started with the wrong previous hash fails at its first row', () => {
    const c = chain(3);
    expect(verifyChainSegment(c.slice(1), { expectedSeq: 2, prevHash: GENESIS_HASH }).problem).toMatchObject({ kind: 'out_of_order', seq: 2 });
  });

  it('reports the state before the first problem', () => {
    const c = chain(5);
    const res = verifyChainSegment(c.filter((e) => e.seq !== 4), START);
    expect(res).toMatchObject({ lastSeq: 3, lastHash: c[2].hash });
  });
});
