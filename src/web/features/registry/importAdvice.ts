/**
 * Advice shown on the import page before a large file is sent. On the embedded database (PGlite) the import runs in
 * the server's own process and its database answers one statement at a time, so while a large file is written every
 * other page waits longer; the command line (`npm run cli -- import-households`) does the same import without that.
 */

/** Files from which the advice is shown (about 40,000 households with their members in the template). */
export const LARGE_IMPORT_BYTES = 10 * 1024 * 1024;

/** Whether to advise the command line for a file of `bytes` on a server whose database driver is `driver`. */
export function advisesCommandLine(bytes: number, driver: string | undefined): boolean {
  return driver === 'pglite' && bytes >= LARGE_IMPORT_BYTES;
}
