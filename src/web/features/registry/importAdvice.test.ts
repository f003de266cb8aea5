import { describe, expect, it } from 'vitest';
import { advisesCommandLine, LARGE_IMPORT_BYTES } from './importAdvice';

describe('advice for a large import', () => {
  it.each<[string, number, string | undefined, boolean]>([
    ['a small file on the embedded database', 200_000, 'pglite', false],
    ['just under the size on the embedded database', LARGE_IMPORT_BYTES - 1, 'pglite', false],
    ['at the size on the embedded database', LARGE_IMPORT_BYTES, 'pglite', true],
    ['a province-sized file on the embedded database', 52_402_588, 'pglite', true],
    ['a province-sized file on PostgreSQL', 52_402_588, 'postgres', false],
    ['before the server has said which database it runs on', 52_402_588, undefined, false],
  ])('%s', (_label, bytes, driver, expected) => {
    expect(advisesCommandLine(bytes, driver)).toBe(expected);
  });
});
