import type { App, FormInstance } from 'antd';
import { isApiError } from '../app/api';
import { translate } from '../app/i18n';

/**
 * antd's message/notification/modal read theme and locale from <App>; the app registers the
 * instances here (see FeedbackBridge) so that code outside components can use them too.
 */
type AppApi = ReturnType<typeof App.useApp>;
let app: AppApi | null = null;

export function registerFeedback(a: AppApi): void {
  app = a;
}

export function toast(): AppApi['message'] | undefined {
  return app?.message;
}

export function errorText(e: unknown): string {
  if (isApiError(e)) return e.message;
  if (e instanceof Error && e.message) return e.message;
  return translate('error.network');
}

/** Shows an error to the user (the server's message is already in the UI language). */
export function showError(e: unknown): void {
  if (isApiError(e) && e.status === 401) return; // handled by the session redirect
  app?.message.error({ content: errorText(e), key: errorText(e), duration: 5 });
}

interface FieldDetail {
  path?: string;
  field?: string;
}

/**
 * Puts a server error on the form field it names (validation details or a conflict's `field`)
 * when that field is one of `fields`, and shows it as a message otherwise.
 */
export function applyFormError(form: FormInstance, e: unknown, fields: readonly string[]): void {
  if (!isApiError(e)) return showError(e);
  const d = e.details as FieldDetail | FieldDetail[] | undefined;
  const list = Array.isArray(d) ? d : d && typeof d === 'object' ? [d] : [];
  const names = [...new Set(list.map((x) => x.field ?? x.path).filter((x): x is string => !!x))].filter((p) => fields.includes(p));
  if (names.length) {
    form.setFields(names.map((name) => ({ name, errors: [e.message] })));
    if (e.status >= 500) showError(e);
    return;
  }
  showError(e);
}
