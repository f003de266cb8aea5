import type { TaskStatus } from '../../../contracts/verification';

/** The task lifecycle: pending → assigned → visited → closed, or cancelled; re-assigning keeps it assigned. */
export type TaskEvent = 'assign' | 'visit' | 'close' | 'cancel';

const NEXT: Record<TaskStatus, Partial<Record<TaskEvent, TaskStatus>>> = {
  pending: { assign: 'assigned', cancel: 'cancelled' },
  assigned: { assign: 'assigned', visit: 'visited', cancel: 'cancelled' },
  visited: { close: 'closed', cancel: 'cancelled' },
  closed: {},
  cancelled: {},
};

export function nextTaskStatus(from: TaskStatus, event: TaskEvent): TaskStatus | null {
  return NEXT[from][event] ?? null;
}

export const OPEN_TASK_STATUSES: readonly TaskStatus[] = ['pending', 'assigned'];

export type AssignProblem = 'task_not_open' | 'not_an_investigator' | 'investigator_inactive' | 'investigator_out_of_reach' | 'registrar_cannot_verify';

/**
 * Whether a task may go to an investigator: the task is still open, the person holds verification.visit and is
 * active, belongs to the coordinator's subtree or to a third-party org, and did not register the household.
 */
export function checkAssign(c: {
  taskStatus: TaskStatus;
  canVisit: boolean;
  active: boolean;
  inCoordinatorScope: boolean;
  thirdParty: boolean;
  investigatorId: string;
  registeredBy: string | null;
}): AssignProblem | null {
  if (nextTaskStatus(c.taskStatus, 'assign') === null) return 'task_not_open';
  if (!c.active) return 'investigator_inactive';
  if (!c.canVisit) return 'not_an_investigator';
  if (!c.inCoordinatorScope && !c.thirdParty) return 'investigator_out_of_reach';
  if (c.registeredBy && c.registeredBy === c.investigatorId) return 'registrar_cannot_verify';
  return null;
}

export const ASSIGN_MESSAGES: Record<AssignProblem, { zh: string; en: string }> = {
  task_not_open: { zh: '任务已核查或已撤销，不能再分派', en: 'the task is already visited or cancelled and cannot be assigned' },
  not_an_investigator: { zh: '该用户没有入户核查权限', en: 'this user cannot carry out home visits' },
  investigator_inactive: { zh: '该调查员账号已停用', en: 'this investigator’s account is disabled' },
  investigator_out_of_reach: { zh: '只能分派给本级及下级或第三方机构的调查员', en: 'only investigators of your subtree or of a third-party org can be assigned' },
  registrar_cannot_verify: { zh: '登记人不能核查自己登记的家庭', en: 'whoever registered a household cannot verify it' },
};
