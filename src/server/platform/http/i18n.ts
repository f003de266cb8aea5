export type Lang = 'zh-CN' | 'en';

export function langOf(acceptLanguage: string | undefined): Lang {
  if (!acceptLanguage) return 'zh-CN';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

type Template = { zh: string; en: string };

/** Messages for every error code; `{name}` placeholders are filled from the error's params. */
export const MESSAGES: Record<string, Template> = {
  VALIDATION_FAILED: { zh: '输入有误：{fields}', en: 'Invalid input: {fields}' },
  INVALID_JSON: { zh: '请求体不是有效的 JSON', en: 'The request body is not valid JSON' },
  BODY_TOO_LARGE: { zh: '请求体过大', en: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { zh: '不支持的内容类型', en: 'Unsupported content type' },
  UNAUTHENTICATED: { zh: '请先登录', en: 'Please sign in' },
  SESSION_EXPIRED: { zh: '登录已过期，请重新登录', en: 'Your session has expired; please sign in again' },
  FORBIDDEN: { zh: '没有权限执行此操作', en: 'You do not have permission to do this' },
  CSRF_REJECTED: { zh: '请求来源不被信任', en: 'Request origin is not trusted' },
  NOT_FOUND: { zh: '{entity}不存在', en: '{entity} not found' },
  ROUTE_NOT_FOUND: { zh: '接口不存在', en: 'No such endpoint' },
  CONFLICT: { zh: '数据冲突：{reason}', en: 'Conflict: {reason}' },
  INVALID_CREDENTIALS: { zh: '用户名或密码错误', en: 'Wrong username or password' },
  ACCOUNT_LOCKED: { zh: '登录失败次数过多，账号已锁定至 {until}', en: 'Too many failed sign-ins; account locked until {until}' },
  ACCOUNT_DISABLED: { zh: '账号已停用', en: 'This account is disabled' },
  WEAK_PASSWORD: { zh: '密码不符合要求：至少 10 位，包含大写、小写、数字、符号中的三类，且不含用户名', en: 'Password too weak: at least 10 characters, three of upper, lower, digit and symbol, not containing the username' },
  RATE_LIMITED: { zh: '请求过于频繁，请稍后再试', en: 'Too many requests; please try again later' },
  INVALID_ID_NUMBER: { zh: '身份证号码无效（{problem}）', en: 'Invalid ID number ({problem})' },
  ORG_MOVE_INVALID: { zh: '不能这样移动组织：{reason}', en: 'Cannot move the organisation: {reason}' },
  IDEMPOTENCY_MISMATCH: { zh: '同一幂等键对应了不同的请求', en: 'The idempotency key was used with a different request' },
  TRANSITION_REFUSED: { zh: '不能流转：{reason}', en: 'Transition refused: {reason}' },
  DIBAO_LINE_MISSING: { zh: '{region} {year} 年的低保标准尚未设置', en: 'No dibao line is set for {region} in {year}' },
  INTERNAL: { zh: '服务器内部错误，请稍后重试（请求号 {requestId}）', en: 'Internal server error; please retry (request {requestId})' },
  SERVICE_UNAVAILABLE: { zh: '服务暂不可用', en: 'Service unavailable' },
};

export function render(code: string, lang: Lang, params: Record<string, unknown> = {}): string {
  const t = MESSAGES[code] ?? { zh: code, en: code };
  const text = lang === 'en' ? t.en : t.zh;
  return text.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = (lang === 'en' ? params[`${k}En`] : undefined) ?? params[k];
    return v === undefined ? '' : String(v);
  });
}
