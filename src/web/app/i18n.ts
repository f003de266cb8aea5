import { useMemo, useSyncExternalStore } from 'react';
import { AID_MESSAGES } from './messages.aid';
import { DYNAMIC_MESSAGES } from './messages.dynamic';
import { MUTUAL_AID_MESSAGES } from './messages.mutualAid';
import { MUTUAL_AID_CLAIMS_MESSAGES } from './messages.mutualAidClaims';
import { MUTUAL_AID_ENROLMENT_MESSAGES } from './messages.mutualAidEnrolment';
import { MUTUAL_AID_STATS_MESSAGES } from './messages.mutualAidStats';
import { OVERSIGHT_MESSAGES } from './messages.oversight';
import { REGISTRY_MESSAGES } from './messages.registry';
import { SURVEY_MESSAGES } from './messages.survey';
import { VERIFICATION_MESSAGES } from './messages.verification';

/**
 * The UI speaks Chinese first, with an English twin for every label. Each entry is [zh, en];
 * `{name}` placeholders are filled from the params of `t(key, params)`.
 */
const MESSAGES = {
  // ---- application ----
  'app.title': ['精准帮扶', 'Precision Aid'],
  'app.subtitle': ['城镇困难职工解困脱困服务平台', 'Urban worker hardship assistance platform'],
  'app.federation': ['总工会', 'Federation of Trade Unions'],
  'app.fivePrecisions': ['精准调研 · 精准识别 · 精准发力 · 精准助推 · 精准对接', 'Precise survey · identification · effort · boost · matching'],
  'app.apiDocs': ['API 文档', 'API docs'],
  'app.loading': ['加载中…', 'Loading…'],
  'lang.switch': ['切换语言', 'Language'],

  // ---- common ----
  'common.ok': ['确定', 'OK'],
  'common.cancel': ['取消', 'Cancel'],
  'common.close': ['关闭', 'Close'],
  'common.save': ['保存', 'Save'],
  'common.create': ['新建', 'Create'],
  'common.edit': ['编辑', 'Edit'],
  'common.search': ['查询', 'Search'],
  'common.reset': ['重置', 'Reset'],
  'common.refresh': ['刷新', 'Refresh'],
  'common.loadMore': ['加载更多', 'Load more'],
  'common.noMore': ['已全部加载', 'All loaded'],
  'common.loaded': ['已加载 {count} 条', '{count} loaded'],
  'common.export': ['导出 Excel', 'Export to Excel'],
  'common.exporting': ['正在导出…', 'Exporting…'],
  'common.exported': ['已导出 {count} 行', 'Exported {count} rows'],
  'common.nothingToExport': ['没有可导出的数据', 'Nothing to export'],
  'common.actions': ['操作', 'Actions'],
  'common.more': ['更多', 'More'],
  'common.yes': ['是', 'Yes'],
  'common.no': ['否', 'No'],
  'common.all': ['全部', 'All'],
  'common.none': ['无', 'None'],
  'common.saved': ['已保存', 'Saved'],
  'common.required': ['请填写{field}', '{field} is required'],
  'common.selectRequired': ['请选择{field}', 'Please choose {field}'],
  'common.back': ['返回', 'Back'],
  'common.backHome': ['返回首页', 'Back to home'],
  'common.retry': ['重试', 'Retry'],
  'common.active': ['启用', 'Active'],
  'common.inactive': ['停用', 'Inactive'],
  'common.comingSoon': ['即将上线', 'Coming soon'],
  'common.soon': ['即将上线', 'Soon'],
  'common.copy': ['复制', 'Copy'],
  'common.copied': ['已复制', 'Copied'],
  'common.details': ['详情', 'Details'],

  // ---- errors ----
  'error.network': ['无法连接服务器，请检查网络后重试', 'Cannot reach the server; check the network and retry'],
  'error.unexpected': ['服务器返回了无法识别的响应（HTTP {status}）', 'Unexpected response from the server (HTTP {status})'],
  'error.loadFailed': ['加载失败', 'Failed to load'],
  'result.403.title': ['无权访问', 'Access denied'],
  'result.403.sub': ['您的账号没有访问此页面的权限。如需开通，请联系本级工会的系统管理员。', 'Your account may not open this page. Ask the administrator of your union for access.'],
  'result.404.title': ['页面不存在', 'Page not found'],
  'result.404.sub': ['您访问的页面不存在，或已被移动。', 'The page you asked for does not exist or has moved.'],

  // ---- auth ----
  'login.title': ['登录', 'Sign in'],
  'login.welcome': ['欢迎使用', 'Welcome to'],
  'login.username': ['用户名', 'Username'],
  'login.password': ['密码', 'Password'],
  'login.submit': ['登 录', 'Sign in'],
  'login.usernameRequired': ['请输入用户名', 'Please enter your username'],
  'login.passwordRequired': ['请输入密码', 'Please enter your password'],
  'login.hint': ['账号由本级工会系统管理员开通。连续输错密码将临时锁定账号。', 'Accounts are opened by your union\'s administrator. Repeated wrong passwords lock the account for a while.'],
  'login.footer': ['个人信息依法加密保护，所有操作留痕可查', 'Personal data is encrypted by law; every action is recorded'],
  'logout': ['退出登录', 'Sign out'],
  'logout.done': ['已退出登录', 'Signed out'],
  'session.expired': ['登录已失效，请重新登录', 'Your session has ended; please sign in again'],
  'password.change': ['修改密码', 'Change password'],
  'password.mustChange': ['首次登录或密码被重置后，请先设置新密码再继续使用。', 'Please set a new password before you continue (first sign-in or after a reset).'],
  'password.current': ['当前密码', 'Current password'],
  'password.new': ['新密码', 'New password'],
  'password.confirm': ['确认新密码', 'Confirm new password'],
  'password.mismatch': ['两次输入的密码不一致', 'The two passwords differ'],
  'password.changed': ['密码已修改，其他设备上的登录已失效', 'Password changed; sessions on other devices have ended'],
  'password.policy': ['密码要求', 'Password rules'],
  'password.generate': ['生成强密码', 'Generate a strong password'],
  'pw.too_short': ['至少 10 位', 'At least 10 characters'],
  'pw.too_long': ['不超过 128 位', 'At most 128 characters'],
  'pw.too_simple': ['包含大写字母、小写字母、数字、符号中的至少三类', 'Three of: upper case, lower case, digit, symbol'],
  'pw.contains_username': ['不能包含用户名', 'Must not contain the username'],
  'pw.ok': ['密码符合要求', 'The password meets the rules'],

  // ---- layout / menu ----
  'menu.home': ['首页', 'Dashboard'],
  'menu.orgs': ['组织机构', 'Organisations'],
  'menu.users': ['用户管理', 'Users'],
  'menu.audit': ['审计日志', 'Audit log'],
  'menu.system': ['系统管理', 'Administration'],
  'menu.later': ['业务模块', 'Business modules'],
  'menu.registry': ['建档立卡', 'Registry'],
  'menu.verification': ['入户核查', 'Verification'],
  'menu.aid': ['帮扶资金', 'Aid'],
  'menu.mutualAid': ['医疗互助', 'Mutual aid'],
  'menu.reports': ['统计报表', 'Reports'],
  'header.scope': ['数据范围', 'Data scope'],
  'header.userMenu': ['用户菜单', 'User menu'],
  'header.sessionUntil': ['登录有效期至 {time}', 'Session valid until {time}'],

  // ---- dashboard ----
  'home.hello': ['您好，{name}', 'Hello, {name}'],
  'home.intro': ['欢迎使用精准帮扶平台。以下是您的账号、所属组织与数据范围。', 'Welcome to Precision Aid. Here are your account, organisation and data scope.'],
  'home.org': ['所属组织', 'Organisation'],
  'home.orgCode': ['组织代码', 'Org code'],
  'home.roles': ['角色', 'Roles'],
  'home.scope': ['数据范围', 'Data scope'],
  'home.permissions': ['权限', 'Permissions'],
  'home.session': ['本次登录有效期至', 'Session valid until'],
  'home.shortcuts': ['常用功能', 'Shortcuts'],
  'home.modules': ['业务模块建设进度', 'Modules on the way'],
  'home.open': ['进入', 'Open'],
  'home.subOrgs': ['直属下级组织', 'Direct sub-organisations'],
  'home.subOrgsEmpty': ['本组织没有下级组织', 'This organisation has no sub-organisations'],
  'home.count': ['数量', 'Count'],
  'worklist.title': ['我的待办', 'My worklist'],
  'worklist.overdue': ['逾期 {n}', '{n} overdue'],
  'worklist.all': ['全部', 'All'],
  'worklist.nothing': ['暂无待办', 'Nothing waiting'],

  'perm.org.read': ['查看组织', 'View organisations'],
  'perm.org.manage': ['管理组织', 'Manage organisations'],
  'perm.user.read': ['查看用户', 'View users'],
  'perm.user.manage': ['管理用户', 'Manage users'],
  'perm.audit.read': ['查看审计日志', 'Read the audit log'],
  'perm.pii.reveal': ['查看完整个人信息', 'Reveal personal data'],

  'module.registry.desc': ['困难职工家庭摸底上报、审核建档、一户一档案、年审与动态管理。', 'Household reports, approval, one file per household, annual review.'],
  'module.verification.desc': ['调查员入户核查、“四看法”评估、签字留痕、抽查与倒查。', 'Home visits by investigators, the “four looks”, signed findings, spot checks.'],
  'module.aid.desc': ['金秋助学、送温暖、生活与医疗救助，发放批次与台账。', 'Student aid, holiday relief, living and medical aid, batches and ledger.'],
  'module.mutualAid.desc': ['职工医疗互助方案、会员单位、缴费与二次报销。', 'Medical mutual aid schemes, member units, contributions, secondary reimbursement.'],
  'module.reports.desc': ['按地区与组织统计困难职工、帮扶资金与成效，图表优先。', 'Statistics of households, aid and outcomes by region and organisation, charts first.'],
  'module.comingSoon.title': ['{name} · 即将上线', '{name} · coming soon'],
  'module.comingSoon.sub': ['该模块正在建设中，上线后将出现在这里。', 'This module is being built and will appear here.'],

  // ---- orgs ----
  'org.tree': ['组织架构', 'Organisation tree'],
  'org.searchPlaceholder': ['按名称或代码搜索组织', 'Search by name or code'],
  'org.searchResults': ['搜索结果（{count}）', 'Search results ({count})'],
  'org.backToTree': ['返回组织树', 'Back to the tree'],
  'org.noResults': ['没有找到匹配的组织', 'No matching organisation'],
  'org.selectHint': ['请在左侧选择一个组织查看详情', 'Choose an organisation on the left to see its details'],
  'org.name': ['组织名称', 'Name'],
  'org.code': ['组织代码', 'Code'],
  'org.codeHint': ['留空则自动生成，如 520302-G0007', 'Leave empty to generate one, e.g. 520302-G0007'],
  'org.codeInvalid': ['2–32 位字母、数字或连字符，以字母或数字开头', '2–32 letters, digits or hyphens, starting with a letter or digit'],
  'org.kind': ['组织类型', 'Kind'],
  'org.subtype': ['基层类型', 'Grassroots type'],
  'org.region': ['服务地区', 'Region'],
  'org.regionHint': ['限于上级组织的行政区划内', 'Limited to the parent\'s division'],
  'org.path': ['组织路径', 'Path'],
  'org.parent': ['上级组织', 'Parent'],
  'org.status': ['状态', 'Status'],
  'org.children': ['下级组织数', 'Sub-organisations'],
  'org.createChild': ['新建下级', 'New sub-organisation'],
  'org.createTitle': ['在“{parent}”下新建组织', 'New organisation under “{parent}”'],
  'org.editTitle': ['编辑组织', 'Edit organisation'],
  'org.move': ['移动', 'Move'],
  'org.moveTitle': ['移动“{name}”', 'Move “{name}”'],
  'org.moveHint': ['组织连同其全部下级一起移动。只能移到允许的上级类型之下：{kinds}。', 'The organisation moves with its whole subtree. Allowed parent kinds: {kinds}.'],
  'org.moveRegionHint': ['服务地区必须在新上级的行政区划内。跨区县调整时，可先移到市(州)总工会下、修改服务地区，再移到目标区县。', 'The region must lie inside the new parent\'s division. To cross counties, move it under the city federation, change its region, then move it to the target county.'],
  'org.why.self': ['自身或其下级', 'itself or below it'],
  'org.why.current': ['当前上级', 'current parent'],
  'org.why.kind': ['类型不可作为上级', 'kind cannot be its parent'],
  'org.why.scope': ['不在管理范围', 'outside your subtree'],
  'org.why.region': ['服务地区不在其辖区', 'region outside its division'],
  'org.newParent': ['新的上级组织', 'New parent'],
  'org.moved': ['已移动', 'Moved'],
  'org.created': ['已创建组织 {name}', 'Created {name}'],
  'org.deactivate': ['停用', 'Deactivate'],
  'org.activate': ['启用', 'Activate'],
  'org.deactivateConfirm': ['确定停用“{name}”吗？停用后不能在其下新建业务数据。', 'Deactivate “{name}”? No new records can be added under it.'],
  'org.activateConfirm': ['确定启用“{name}”吗？', 'Activate “{name}”?'],
  'org.federationFixed': ['总工会按行政区划生成，不能移动或停用', 'Federations follow the divisions; they cannot be moved or deactivated'],
  'org.noChildKinds': ['此类组织之下不能再建组织', 'No organisation can be created under this kind'],
  'org.outsideManage': ['该组织不在您的管理范围内（仅可查看）', 'Outside the subtree you manage (read only)'],
  'org.ownOrg': ['这是您所在的组织', 'This is your own organisation'],
  'org.viewUsers': ['查看本组织用户', 'Users of this org'],
  'org.pickPlaceholder': ['选择组织（可输入名称搜索）', 'Choose an organisation (type to search)'],
  'org.regionPlaceholder': ['选择行政区划', 'Choose a division'],
  'org.locate': ['在组织树中定位', 'Show in tree'],
  'org.notInTree': ['该组织不在您的组织树下（因行政区划可见）', 'Not under your tree (visible through the region)'],
  'org.nameLength': ['名称为 2–100 个字', 'Name must be 2–100 characters'],

  // ---- users ----
  'user.username': ['用户名', 'Username'],
  'user.displayName': ['姓名', 'Name'],
  'user.org': ['所属组织', 'Organisation'],
  'user.roles': ['角色', 'Roles'],
  'user.status': ['状态', 'Status'],
  'user.status.active': ['正常', 'Active'],
  'user.status.disabled': ['已停用', 'Disabled'],
  'user.locked': ['锁定', 'Locked'],
  'user.lockedTag': ['已锁定', 'Locked'],
  'user.phone': ['手机号', 'Phone'],
  'user.idNumber': ['身份证号', 'ID number'],
  'user.lastLogin': ['最后登录', 'Last sign-in'],
  'user.createdAt': ['创建时间', 'Created'],
  'user.mustChange': ['待改密', 'Must change password'],
  'user.includeSubOrgs': ['含下级组织', 'Include sub-organisations'],
  'user.searchPlaceholder': ['用户名或姓名', 'Username or name'],
  'user.create': ['新建用户', 'New user'],
  'user.editTitle': ['编辑用户 {username}', 'Edit user {username}'],
  'user.created': ['已创建用户 {username}', 'Created user {username}'],
  'user.initialPassword': ['初始密码', 'Initial password'],
  'user.initialPasswordHint': ['用户首次登录时须修改此密码', 'The user must change it at first sign-in'],
  'user.usernameInvalid': ['3–64 位字母、数字或 _ . -', '3–64 letters, digits, _ . -'],
  'user.phoneInvalid': ['请输入 11 位大陆手机号', 'Enter an 11-digit mainland mobile number'],
  'user.idInvalid': ['身份证号应为 18 位（最后一位可为 X）', 'An ID number has 18 characters (the last may be X)'],
  'user.idChecksum': ['身份证号校验位不正确', 'The ID number\'s check digit is wrong'],
  'user.keepBlank': ['当前：{value}；留空则不修改', 'Now {value}; leave empty to keep'],
  'user.clearField': ['清除', 'Clear'],
  'user.disable': ['停用', 'Disable'],
  'user.enable': ['启用', 'Enable'],
  'user.disableConfirm': ['确定停用用户 {username} 吗？其登录会话将立即失效。', 'Disable {username}? Their sessions end at once.'],
  'user.enableConfirm': ['确定启用用户 {username} 吗？', 'Enable {username}?'],
  'user.statusChanged': ['已更新状态', 'Status updated'],
  'user.resetPassword': ['重置密码', 'Reset password'],
  'user.resetTitle': ['重置 {username} 的密码', 'Reset the password of {username}'],
  'user.resetMustChange': ['要求用户下次登录时修改密码', 'Require a change at next sign-in'],
  'user.resetDone': ['密码已重置，请通过安全渠道告知用户', 'Password reset; tell the user through a safe channel'],
  'user.reveal': ['查看完整信息', 'Reveal'],
  'user.revealTitle': ['查看 {name} 的完整个人信息', 'Reveal personal data of {name}'],
  'user.revealWarning': ['查看完整个人信息属于敏感操作，将连同您填写的事由记录在审计日志中。', 'Revealing personal data is sensitive: it is recorded in the audit log with your reason.'],
  'user.revealFields': ['查看项', 'Fields'],
  'user.revealReason': ['查看事由', 'Reason'],
  'user.revealReasonPlaceholder': ['例如：核实联系方式以便入户回访', 'e.g. confirm the contact number for a follow-up visit'],
  'user.revealReasonInvalid': ['请填写 2–200 字的事由', 'Give a reason of 2–200 characters'],
  'user.revealSubmit': ['确认查看（将被记录）', 'Reveal (recorded)'],
  'user.revealed': ['以下为完整信息，请勿截图或外传', 'Full values below; do not screenshot or pass on'],
  'user.nothingToReveal': ['该用户没有登记手机号或身份证号', 'This user has no phone or ID number on file'],
  'user.self': ['这是您本人的账号', 'This is your own account'],
  'user.exportSheet': ['用户', 'Users'],
  'user.list': ['用户列表', 'User list'],
  'user.phoneAndId': ['手机号 / 身份证号', 'Phone / ID number'],
  'user.roleRequired': ['至少选择一个角色', 'Choose at least one role'],

  // ---- audit ----
  'audit.actor': ['操作人', 'Actor'],
  'audit.action': ['操作', 'Action'],
  'audit.entityType': ['对象类型', 'Entity type'],
  'audit.entityId': ['对象编号', 'Entity id'],
  'audit.time': ['时间', 'Time'],
  'audit.range': ['时间范围', 'Time range'],
  'audit.seq': ['序号', 'Seq'],
  'audit.ip': ['IP 地址', 'IP address'],
  'audit.userAgent': ['客户端', 'User agent'],
  'audit.hash': ['哈希', 'Hash'],
  'audit.before': ['变更前', 'Before'],
  'audit.after': ['变更后', 'After'],
  'audit.field': ['字段', 'Field'],
  'audit.changes': ['变更内容', 'Changes'],
  'audit.raw': ['原始 JSON', 'Raw JSON'],
  'audit.noChanges': ['此事件没有记录变更内容', 'This event records no data changes'],
  'audit.eventTitle': ['审计事件 #{seq}', 'Audit event #{seq}'],
  'audit.verify': ['校验审计链', 'Verify chain'],
  'audit.verifyOk': ['审计链完整', 'The audit chain is intact'],
  'audit.verifyBad': ['审计链校验失败', 'The audit chain is broken'],
  'audit.checked': ['已校验事件数', 'Events checked'],
  'audit.headSeq': ['最新序号', 'Head sequence'],
  'audit.problem': ['问题', 'Problem'],
  'audit.actionPlaceholder': ['操作（如 user 或 user.create）', 'Action (e.g. user or user.create)'],
  'audit.actorPlaceholder': ['操作人用户名', 'Actor username'],
  'audit.system': ['系统', 'System'],
  'audit.exportSheet': ['审计日志', 'Audit log'],
  'audit.newestFirst': ['按时间倒序', 'Newest first'],
  'audit.list': ['审计事件', 'Audit events'],
  'audit.chainHint': ['每条事件都与上一条哈希相连，任何篡改都会被校验发现', 'Each event is hash-linked to the one before; any tampering is caught by verification'],

  'action.auth.login': ['登录', 'Sign-in'],
  'action.auth.login_failed': ['登录失败', 'Failed sign-in'],
  'action.auth.logout': ['退出', 'Sign-out'],
  'action.auth.password_change': ['修改密码', 'Password change'],
  'action.user.create': ['新建用户', 'User created'],
  'action.user.update': ['修改用户', 'User updated'],
  'action.user.disable': ['停用用户', 'User disabled'],
  'action.user.enable': ['启用用户', 'User enabled'],
  'action.user.password_reset': ['重置密码', 'Password reset'],
  'action.pii.reveal': ['查看个人信息', 'Personal data revealed'],
  'action.org.create': ['新建组织', 'Org created'],
  'action.org.update': ['修改组织', 'Org updated'],
  'action.org.move': ['移动组织', 'Org moved'],
  'action.org.generate': ['生成总工会', 'Federation generated'],
  'action.demo.seed': ['写入演示数据', 'Demo data seeded'],
  'action.group.auth': ['登录与会话（全部）', 'Sign-in and sessions (all)'],
  'action.group.user': ['用户（全部）', 'Users (all)'],
  'action.group.org': ['组织（全部）', 'Organisations (all)'],
  'action.group.pii': ['个人信息（全部）', 'Personal data (all)'],

  'entity.org': ['组织', 'Organisation'],
  'entity.user': ['用户', 'User'],
  'entity.system': ['系统', 'System'],

  ...REGISTRY_MESSAGES,
  ...VERIFICATION_MESSAGES,
  ...OVERSIGHT_MESSAGES,
  ...DYNAMIC_MESSAGES,
  ...SURVEY_MESSAGES,
  ...AID_MESSAGES,
  ...MUTUAL_AID_MESSAGES,
  ...MUTUAL_AID_ENROLMENT_MESSAGES,
  ...MUTUAL_AID_CLAIMS_MESSAGES,
  ...MUTUAL_AID_STATS_MESSAGES,
} as const satisfies Record<string, readonly [string, string]>;

export type MsgKey = keyof typeof MESSAGES;
export type Lang = 'zh-CN' | 'en';
export type Params = Record<string, string | number | null | undefined>;
/** A label pair as the shared contracts define them (ROLE_LABELS, ORG_KIND_LABELS, …). */
export type Bilingual = { zh: string; en: string };

const STORAGE_KEY = 'pa.lang';

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    /* storage blocked: fall through */
  }
  return 'zh-CN';
}

let current: Lang = initialLang();
const listeners = new Set<() => void>();
if (typeof document !== 'undefined') document.documentElement.lang = current;

export function getLang(): Lang {
  return current;
}

export function setLang(lang: Lang): void {
  if (lang === current) return;
  current = lang;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* ignore */
  }
  document.documentElement.lang = lang;
  for (const l of listeners) l();
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

function fill(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, k: string) => {
    const v = params[k];
    return v === undefined || v === null ? m : String(v);
  });
}

export function has(key: string): key is MsgKey {
  return Object.prototype.hasOwnProperty.call(MESSAGES, key);
}

/** Translates outside React (API client, exporters). Inside components use `useT()`. */
export function translate(key: MsgKey, params?: Params, lang: Lang = current): string {
  const pair = MESSAGES[key];
  return fill(lang === 'en' ? pair[1] : pair[0], params);
}

export interface Translator {
  (key: MsgKey, params?: Params): string;
  lang: Lang;
  /** Picks the current language from a {zh, en} pair. */
  label(l: Bilingual | undefined | null, fallback?: string): string;
  /** Translates a key that may not exist (e.g. built from server data), falling back to the given text. */
  maybe(key: string, fallback: string, params?: Params): string;
}

function makeTranslator(lang: Lang): Translator {
  const t = ((key: MsgKey, params?: Params) => translate(key, params, lang)) as Translator;
  t.lang = lang;
  t.label = (l, fallback = '') => (l ? (lang === 'en' ? l.en : l.zh) : fallback);
  t.maybe = (key, fallback, params) => (has(key) ? translate(key, params, lang) : fallback);
  return t;
}

/** The current language; re-renders when it changes. */
export function useLang(): Lang {
  return useSyncExternalStore(subscribe, getLang, getLang);
}

/** The translator for the current language: `t('login.title')`, `t.label(ROLE_LABELS.admin)`. */
export function useT(): Translator {
  const lang = useLang();
  return useMemo(() => makeTranslator(lang), [lang]);
}
