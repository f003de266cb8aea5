import { useCallback, useState } from 'react';
import { showError } from './feedback';

/**
 * An action the user waits for (an export, a download): whether it is running — for the button's spinner — and a
 * runner that marks it running until it ends and shows its error, if any.
 */
export function useBusyAction(): [busy: boolean, run: (action: () => Promise<unknown>) => Promise<void>] {
  const [busy, setBusy] = useState(false);
  const run = useCallback(async (action: () => Promise<unknown>) => {
    setBusy(true);
    try {
      await action();
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  }, []);
  return [busy, run];
}
