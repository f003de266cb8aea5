import { expect } from 'vitest';
import type { WorklistDto } from '../../src/contracts/worklist';
import { DEMO_PASSWORD } from '../../src/server/demo/seed';
import { type TestContext, loginAs } from './app';

/** A demo login's worklist (signed in with the demo password). */
export async function demoWorklist(t: TestContext, username: string): Promise<WorklistDto> {
  const cookie = await loginAs(t.app, username, DEMO_PASSWORD);
  const r = await t.app.inject({ method: 'GET', url: '/api/v1/worklist', headers: { cookie } });
  expect(r.statusCode).toBe(200);
  return r.json() as WorklistDto;
}

/** The total of one section of a worklist (undefined when the actor has no such queue). */
export const sectionTotal = (w: WorklistDto, key: string) => w.sections.find((s) => s.key === key)?.total;
