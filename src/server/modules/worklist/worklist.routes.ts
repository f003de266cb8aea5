import { worklistDto } from '../../../contracts/worklist';
import type { Deps } from '../../platform/deps';
import { actorOf } from '../../platform/http/guard';
import type { ZApp } from '../../platform/http/types';
import { WORKLIST_SOURCES } from './worklist.sources';
import { worklistOf } from './worklist.service';

export function registerWorklistRoutes(app: ZApp, deps: Deps): void {
  app.get(
    '/api/v1/worklist',
    { config: { access: 'authenticated' }, schema: { tags: ['worklist'], summary: '我的工作台（待办）/ my worklist', response: { 200: worklistDto } } },
    async (req) => worklistOf(deps.db, deps, actorOf(req), WORKLIST_SOURCES),
  );
}
