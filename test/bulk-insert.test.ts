import { asc, sql } from 'drizzle-orm';
import { bigint, boolean, date, integer, jsonb, numeric, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { householdStatusEnum } from '../src/server/modules/registry/household.table';
import { bulkInsert } from '../src/server/platform/db/bulk';
import { violatedConstraint } from '../src/server/platform/db/errors';
import { withTx } from '../src/server/platform/db/tx';
import { uuidv7 } from '../src/server/platform/ids';
import { openTestDatabase } from './support/db';

const bulkTest = pgTable('bulk_insert_test', {
  id: uuid('id').primaryKey(),
  pos: integer('pos').notNull(),
  name: text('name'),
  tags: text('tags').array(),
  data: jsonb('data'),
  big: bigint('big', { mode: 'number' }),
  area: numeric('area', { precision: 8, scale: 2 }),
  at: timestamp('at', { withTimezone: true }),
  day: date('day', { mode: 'string' }),
  flag: boolean('flag'),
  status: householdStatusEnum('status'),
  withDefault: text('with_default').notNull().default('fallback'),
});

let h: Awaited<ReturnType<typeof openTestDatabase>>;
beforeAll(async () => {
  h = await openTestDatabase();
  await h.db.execute(sql`create table bulk_insert_test (id uuid primary key, pos integer not null, name text, tags text[], data jsonb, big bigint,
    area numeric(8, 2), at timestamptz, day date, flag boolean, status household_status, with_default text not null default 'fallback')`);
});
afterAll(() => h?.dispose());

// outside a transaction: one text-array parameter per column through unnest; inside one on PostgreSQL: COPY
describe.each([
  ['as given', (rows: Array<typeof bulkTest.$inferInsert>) => bulkInsert(h.db, bulkTest, rows)],
  ['in a transaction', (rows: Array<typeof bulkTest.$inferInsert>) => withTx(h.db, (tx) => bulkInsert(tx, bulkTest, rows))],
] as const)('bulkInsert, %s', (_label, insert) => {
  beforeAll(async () => {
    await h.db.execute(sql`delete from bulk_insert_test`);
  });

  it('keeps every value as it was: quotes, backslashes, commas, braces, NULL-looking text, empty strings, arrays, JSON, enums', async () => {
    const nasty = ['', 'NULL', 'null', 'Null', 'a,b', '{x}', 'say "hi"', 'back\\slash', ' padded ', '张三（职工）', 'tab\there', 'line\nbreak', "it's", '😀'];
    const rows = nasty.map((name, pos) => ({
      id: uuidv7(),
      pos,
      name,
      tags: [name, 'plain', '', 'NULL'],
      data: { name, nested: { list: [1, name, null] }, q: '"\\' },
      big: 2 ** 40 + pos,
      area: pos % 2 ? '42.5' : null,
      at: new Date(Date.UTC(2026, 10, 30, 2, 0, pos)),
      day: '2026-11-30',
      flag: pos % 2 === 0,
      status: 'draft' as const,
    }));
    rows.push({ id: uuidv7(), pos: 99, name: null as unknown as string, tags: null as unknown as string[], data: null as unknown as typeof rows[0]['data'], big: null as unknown as number, area: null, at: null as unknown as Date, day: null as unknown as string, flag: null as unknown as boolean, status: null as unknown as 'draft' });
    await insert(rows);
    const back = await h.db.select().from(bulkTest).orderBy(asc(bulkTest.pos));
    expect(back.map((r) => r.name)).toEqual([...nasty, null]);
    expect(back.map((r) => r.tags)).toEqual([...nasty.map((n) => [n, 'plain', '', 'NULL']), null]);
    expect(back.map((r) => r.data)).toEqual([...nasty.map((n) => ({ name: n, nested: { list: [1, n, null] }, q: '"\\' })), null]);
    expect(back[3].big).toBe(2 ** 40 + 3);
    expect(back.map((r) => r.area).slice(0, 2)).toEqual([null, '42.50']);
    expect(back[5].at?.toISOString()).toBe('2026-11-30T02:00:05.000Z');
    expect(back[0].day).toBe('2026-11-30');
    expect(back.map((r) => r.flag).slice(0, 3)).toEqual([true, false, true]);
    expect(back[0].status).toBe('draft');
    expect(back[14].status).toBeNull();
    // a column no row gives takes its default
    expect(new Set(back.map((r) => r.withDefault))).toEqual(new Set(['fallback']));
  });

  it('splits large inserts into statements of a few thousand rows', async () => {
    const rows = Array.from({ length: 12_345 }, (_, i) => ({ id: uuidv7(), pos: 1000 + i, name: `n${i}`, status: 'submitted' as const }));
    await insert(rows);
    const [{ n }] = (await h.db.select({ n: sql<number>`count(*)::int` }).from(bulkTest).where(sql`pos >= 1000`)) as Array<{ n: number }>;
    expect(n).toBe(12_345);
  });

  it('a row that breaks a constraint fails the whole insert with the database error, and writes nothing', async () => {
    const id = uuidv7();
    const err = await insert([
      { id, pos: 50_000, name: 'a' },
      { id, pos: 50_001, name: 'b' },
    ]).catch((e: unknown) => e);
    expect(violatedConstraint(err)).toBe('bulk_insert_test_pkey');
    const [{ n }] = (await h.db.select({ n: sql<number>`count(*)::int` }).from(bulkTest).where(sql`pos >= 50000`)) as Array<{ n: number }>;
    expect(n).toBe(0);
  });
});
