import { describe, expect, it } from 'vitest';
import { has } from '../../app/i18n';
import { ACTION_GROUPS, ENTITY_TYPES, KNOWN_ACTIONS } from './api';

/** Every action and entity type the audit page offers as a filter has its label in both languages. */
describe('audit page labels', () => {
  it.each(KNOWN_ACTIONS)('action %s', (a) => expect(has(`action.${a}`)).toBe(true));
  it.each(ENTITY_TYPES)('entity %s', (e) => expect(has(`entity.${e}`)).toBe(true));
  it.each(ACTION_GROUPS)('group %s', (g) => expect(has(`action.group.${g}`)).toBe(true));
});
