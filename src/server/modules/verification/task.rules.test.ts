import { describe, expect, it } from 'vitest';
import { TASK_STATUSES } from '../../../contracts/verification';
import { checkAssign, nextTaskStatus, type TaskEvent } from './task.rules';

describe('task state machine', () => {
  const table: Array<[(typeof TASK_STATUSES)[number], TaskEvent, string | null]> = [
    ['pending', 'assign', 'assigned'],
    ['pending', 'visit', null],
    ['pending', 'close', null],
    ['pending', 'cancel', 'cancelled'],
    ['assigned', 'assign', 'assigned'],
    ['assigned', 'visit', 'visited'],
    ['assigned', 'close', null],
    ['assigned', 'cancel', 'cancelled'],
    ['visited', 'assign', null],
    ['visited', 'visit', null],
    ['visited', 'close', 'closed'],
    ['visited', 'cancel', 'cancelled'],
    ['closed', 'assign', null],
    ['closed', 'visit', null],
    ['closed', 'close', null],
    ['closed', 'cancel', null],
    ['cancelled', 'assign', null],
    ['cancelled', 'visit', null],
    ['cancelled', 'close', null],
    ['cancelled', 'cancel', null],
  ];
  it.each(table)('%s --%s--> %s', (from, ev, to) => expect(nextTaskStatus(from, ev)).toBe(to));
  it('covers every status and event', () => expect(table.length).toBe(TASK_STATUSES.length * 4));
});

describe('who may be assigned', () => {
  const ok = { taskStatus: 'pending' as const, canVisit: true, active: true, inCoordinatorScope: true, thirdParty: false, investigatorId: 'inv', registeredBy: 'cadre' };
  it.each([
    ['an investigator of the subtree', {}, null],
    ['a third-party investigator outside the subtree', { inCoordinatorScope: false, thirdParty: true }, null],
    ['re-assigning an assigned task', { taskStatus: 'assigned' as const }, null],
    ['someone else outside the subtree', { inCoordinatorScope: false, thirdParty: false }, 'investigator_out_of_reach'],
    ['a user without verification.visit', { canVisit: false }, 'not_an_investigator'],
    ['a disabled user', { active: false }, 'investigator_inactive'],
    ['the registrar of the household', { registeredBy: 'inv' }, 'registrar_cannot_verify'],
    ['a visited task', { taskStatus: 'visited' as const }, 'task_not_open'],
    ['a cancelled task', { taskStatus: 'cancelled' as const }, 'task_not_open'],
  ])('%s → %s', (_n, over, want) => expect(checkAssign({ ...ok, ...over })).toBe(want));
});
