import {
  ApartmentOutlined,
  AuditOutlined,
  BankOutlined,
  BarChartOutlined,
  DownOutlined,
  FileDoneOutlined,
  FormOutlined,
  SafetyCertificateOutlined,
  HomeOutlined,
  KeyOutlined,
  LogoutOutlined,
  MedicineBoxOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  MoneyCollectOutlined,
  SolutionOutlined,
  SyncOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Avatar, Button, Dropdown, Layout, Menu, Spin, Tag, Tooltip, Typography, type MenuProps } from 'antd';
import { Suspense, useMemo, useState, type ReactNode } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { Permission } from '../../contracts/auth';
import { ChangePasswordModal } from '../features/auth/ChangePasswordModal';
import { formatDateTime } from '../ui/format';
import { LangSwitch } from '../ui/LangSwitch';
import { Logo } from '../ui/Logo';
import { orgKindLabel, roleLabel } from '../ui/tags';
import { useAuth, useLogout } from './auth';
import { useT, type MsgKey } from './i18n';

const { Header, Sider, Content, Footer } = Layout;

export interface ModuleDef {
  path: string;
  key: MsgKey;
  icon: ReactNode;
  perm?: Permission;
  /** Not built yet: shown in the menu marked 即将上线, opening a placeholder page. */
  soon?: boolean;
  desc?: MsgKey;
  /** Pages of the module, shown as a submenu (the module's own path is usually the first). */
  children?: SubPageDef[];
}

export interface SubPageDef {
  path: string;
  key: MsgKey;
  perm?: Permission;
  testId: string;
}

export const MODULES: ModuleDef[] = [
  { path: '/', key: 'menu.home', icon: <HomeOutlined /> },
  { path: '/orgs', key: 'menu.orgs', icon: <ApartmentOutlined />, perm: Permission.OrgRead },
  { path: '/users', key: 'menu.users', icon: <TeamOutlined />, perm: Permission.UserRead },
  { path: '/audit', key: 'menu.audit', icon: <AuditOutlined />, perm: Permission.AuditRead },
  {
    path: '/registry',
    key: 'menu.registry',
    icon: <SolutionOutlined />,
    perm: Permission.RegistryRead,
    desc: 'module.registry.desc',
    children: [
      { path: '/registry', key: 'menu.registry.list', testId: 'menu-registry-list' },
      { path: '/registry/assess', key: 'menu.registry.assess', testId: 'menu-registry-assess' },
      { path: '/registry/dibao-lines', key: 'menu.registry.lines', testId: 'menu-registry-lines' },
      { path: '/registry/stats', key: 'menu.registry.stats', testId: 'menu-registry-stats' },
      { path: '/registry/import', key: 'menu.registry.import', perm: Permission.RegistryWrite, testId: 'menu-registry-import' },
    ],
  },
  {
    path: '/verification',
    key: 'menu.verification',
    icon: <FileDoneOutlined />,
    perm: Permission.RegistryRead,
    desc: 'module.verification.desc',
    children: [
      { path: '/verification', key: 'menu.verification.tasks', testId: 'menu-verification-tasks' },
      { path: '/verification/reviews', key: 'menu.verification.reviews', perm: Permission.RegistryReview, testId: 'menu-verification-reviews' },
    ],
  },
  {
    path: '/oversight',
    key: 'menu.oversight',
    icon: <SafetyCertificateOutlined />,
    perm: Permission.SpotCheckManage,
    desc: 'module.oversight.desc',
    children: [
      { path: '/oversight', key: 'menu.oversight.checks', testId: 'menu-oversight-checks' },
      { path: '/oversight/new', key: 'menu.oversight.draw', testId: 'menu-oversight-draw' },
      { path: '/oversight/accountability', key: 'menu.oversight.accountability', testId: 'menu-oversight-accountability' },
    ],
  },
  {
    path: '/dynamic',
    key: 'menu.dynamic',
    icon: <SyncOutlined />,
    perm: Permission.RegistryRead,
    desc: 'module.dynamic.desc',
    children: [
      { path: '/dynamic', key: 'menu.dynamic.review', testId: 'menu-dynamic-review' },
      { path: '/dynamic/exits', key: 'menu.dynamic.exits', testId: 'menu-dynamic-exits' },
      { path: '/dynamic/follow-ups', key: 'menu.dynamic.followUps', testId: 'menu-dynamic-follow-ups' },
      { path: '/dynamic/lists', key: 'menu.dynamic.lists', testId: 'menu-dynamic-lists' },
      { path: '/dynamic/exit-rules', key: 'menu.dynamic.rules', testId: 'menu-dynamic-rules' },
    ],
  },
  {
    path: '/surveys',
    key: 'menu.surveys',
    icon: <FormOutlined />,
    perm: Permission.SurveyRespond,
    desc: 'module.surveys.desc',
    children: [{ path: '/surveys', key: 'menu.surveys.list', testId: 'menu-surveys-list' }],
  },
  {
    path: '/aid',
    key: 'menu.aid',
    icon: <MoneyCollectOutlined />,
    perm: Permission.AidRead,
    desc: 'module.aid.desc',
    children: [
      { path: '/aid', key: 'menu.aid.programs', testId: 'menu-aid-programs' },
      { path: '/aid/notices', key: 'menu.aid.notices', testId: 'menu-aid-notices' },
      { path: '/aid/batches', key: 'menu.aid.batches', testId: 'menu-aid-batches' },
      { path: '/aid/recoveries', key: 'menu.aid.recoveries', testId: 'menu-aid-recoveries' },
      { path: '/aid/reports', key: 'menu.aid.reports', testId: 'menu-aid-reports' },
      { path: '/aid/ledger', key: 'menu.aid.ledger', perm: Permission.LedgerRead, testId: 'menu-aid-ledger' },
    ],
  },
  {
    path: '/mutual-aid',
    key: 'menu.mutualAid',
    icon: <MedicineBoxOutlined />,
    perm: Permission.MutualAidRead,
    desc: 'module.mutualAid.desc',
    children: [
      { path: '/mutual-aid/simulate', key: 'menu.mutualAid.simulate', testId: 'menu-mutual-aid-simulate' },
      { path: '/mutual-aid/schemes', key: 'menu.mutualAid.schemes', testId: 'menu-mutual-aid-schemes' },
      { path: '/mutual-aid/units', key: 'menu.mutualAid.units', testId: 'menu-mutual-aid-units' },
      { path: '/mutual-aid/bills', key: 'menu.mutualAid.bills', testId: 'menu-mutual-aid-bills' },
      { path: '/mutual-aid/claims', key: 'menu.mutualAid.claims', testId: 'menu-mutual-aid-claims' },
      { path: '/mutual-aid/stats', key: 'menu.mutualAid.stats', testId: 'menu-mutual-aid-stats' },
    ],
  },
  { path: '/reports', key: 'menu.reports', icon: <BarChartOutlined />, soon: true, desc: 'module.reports.desc' },
];

function currentModule(pathname: string): ModuleDef | undefined {
  const first = '/' + (pathname.split('/')[1] ?? '');
  return MODULES.find((m) => m.path === first);
}

/** The submenu entry a path belongs to: the longest page path it starts with. */
function currentSubPage(mod: ModuleDef | undefined, pathname: string): SubPageDef | undefined {
  let best: SubPageDef | undefined;
  for (const c of mod?.children ?? []) {
    if ((pathname === c.path || pathname.startsWith(c.path + '/')) && (!best || c.path.length > best.path.length)) best = c;
  }
  return best;
}

const groupKey = (m: ModuleDef) => `group:${m.path}`;

export function AppLayout() {
  const t = useT();
  const { me, can } = useAuth();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const [pwdOpen, setPwdOpen] = useState(false);
  const mod = currentModule(location.pathname);
  const sub = currentSubPage(mod, location.pathname);
  const [openKeys, setOpenKeys] = useState<string[]>(() => (mod?.children ? [groupKey(mod)] : []));
  const [seenModule, setSeenModule] = useState(mod?.path);
  if (mod?.path !== seenModule) {
    // entering a module with pages opens its submenu
    setSeenModule(mod?.path);
    if (mod?.children && !openKeys.includes(groupKey(mod))) setOpenKeys([...openKeys, groupKey(mod)]);
  }

  const items = useMemo<MenuProps['items']>(() => {
    const entry = (m: ModuleDef): NonNullable<MenuProps['items']>[number] => {
      if (m.children && !m.soon) {
        return {
          key: groupKey(m),
          icon: m.icon,
          label: t(m.key),
          children: m.children.filter((c) => !c.perm || can(c.perm)).map((c) => ({ key: c.path, label: <span data-testid={c.testId}>{t(c.key)}</span> })),
        };
      }
      return {
        key: m.path,
        icon: m.icon,
        label: m.soon ? (
          <span style={{ display: 'inline-flex', alignItems: 'center', justifyContent: 'space-between', gap: 8, width: '100%' }}>
            <span>{t(m.key)}</span>
            <Tag color="gold" variant="outlined" style={{ marginInlineEnd: 0, fontSize: 11, lineHeight: '18px', paddingInline: 5 }}>
              {t('common.soon')}
            </Tag>
          </span>
        ) : (
          t(m.key)
        ),
      };
    };
    const ready = MODULES.filter((m) => !m.soon && (!m.perm || can(m.perm)));
    const soon = MODULES.filter((m) => m.soon);
    return [...ready.map(entry), { type: 'divider' as const }, { type: 'group' as const, key: 'later', label: collapsed ? null : t('menu.later'), children: soon.map(entry) }];
  }, [t, can, collapsed]);

  const scopeText = t.lang === 'en' ? `${me.org.name} and its sub-organisations${me.scope.regionCode ? `, and every record within division ${me.scope.regionCode}` : ''}` : me.scope.description;

  const userMenu: MenuProps = {
    items: [
      {
        key: 'who',
        disabled: true,
        label: (
          <div style={{ lineHeight: 1.5, padding: '2px 0', color: 'rgba(0,0,0,0.88)' }}>
            <div style={{ fontWeight: 600 }}>{me.user.displayName}</div>
            <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>
              {me.user.username} · {me.user.roles.map((r) => roleLabel(t, r)).join('、')}
            </div>
          </div>
        ),
      },
      { type: 'divider' },
      { key: 'password', icon: <KeyOutlined />, label: <span data-testid="change-password">{t('password.change')}</span> },
      { key: 'logout', icon: <LogoutOutlined />, danger: true, label: <span data-testid="logout">{t('logout')}</span> },
    ],
    onClick: ({ key }) => {
      if (key === 'password') setPwdOpen(true);
      if (key === 'logout') void logout();
    },
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider width={216} collapsible collapsed={collapsed} trigger={null} theme="dark" style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}>
        <div
          style={{ height: 64, display: 'flex', alignItems: 'center', gap: 10, padding: collapsed ? '0 24px' : '0 18px', cursor: 'pointer', borderBottom: '1px solid rgba(255,255,255,0.08)' }}
          onClick={() => navigate('/')}
        >
          <Logo size={30} />
          {!collapsed && (
            <div style={{ color: '#fff', lineHeight: 1.2, whiteSpace: 'nowrap' }}>
              <div style={{ fontSize: 17, fontWeight: 600, letterSpacing: 2 }}>精准帮扶</div>
              <div style={{ fontSize: 11, opacity: 0.65 }}>Precision Aid</div>
            </div>
          )}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={sub ? [sub.path] : mod ? [mod.path] : []}
          {...(collapsed ? {} : { openKeys, onOpenChange: setOpenKeys })}
          items={items}
          onClick={({ key }) => navigate(key)}
          style={{ borderInlineEnd: 0, paddingTop: 8 }}
          data-testid="side-menu"
        />
      </Sider>
      <Layout>
        <Header style={{ display: 'flex', alignItems: 'center', gap: 16, borderBottom: '1px solid #e8ebf0', position: 'sticky', top: 0, zIndex: 10 }}>
          <Button type="text" aria-label="toggle menu" icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />} onClick={() => setCollapsed((c) => !c)} />
          <Typography.Text strong style={{ fontSize: 16 }}>
            {mod ? t(mod.key) : ''}
          </Typography.Text>
          {sub && sub.path !== mod?.path && (
            <Typography.Text type="secondary" style={{ fontSize: 14 }}>
              / {t(sub.key)}
            </Typography.Text>
          )}
          <div style={{ flex: 1 }} />
          <Tooltip
            title={
              <div>
                <div>
                  {t('header.scope')}：{scopeText}
                </div>
                <div style={{ opacity: 0.75, marginTop: 4 }}>{t('header.sessionUntil', { time: formatDateTime(me.sessionExpiresAt, { seconds: false }) })}</div>
              </div>
            }
            placement="bottomRight"
          >
            <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6, cursor: 'default', maxWidth: 360 }} data-testid="current-org">
              <BankOutlined style={{ color: '#c4161c' }} />
              <Typography.Text ellipsis style={{ maxWidth: 240 }}>
                {me.org.name}
              </Typography.Text>
              <Tag style={{ marginInlineEnd: 0 }}>{orgKindLabel(t, me.org.kind)}</Tag>
            </span>
          </Tooltip>
          <LangSwitch size="small" />
          <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
            <Button type="text" data-testid="user-menu" aria-label={t('header.userMenu')} style={{ display: 'inline-flex', alignItems: 'center', gap: 8, paddingInline: 8 }}>
              <Avatar size={28} icon={<UserOutlined />} style={{ background: '#1f5aa6' }} />
              <span>{me.user.displayName}</span>
              <DownOutlined style={{ fontSize: 10 }} />
            </Button>
          </Dropdown>
        </Header>
        <Content style={{ padding: 20, minWidth: 0 }}>
          <Suspense
            fallback={
              <div style={{ padding: 80, textAlign: 'center' }}>
                <Spin />
              </div>
            }
          >
            <Outlet />
          </Suspense>
        </Content>
        <Footer style={{ textAlign: 'center', color: 'rgba(0,0,0,0.45)', fontSize: 12, padding: '12px 20px' }}>
          精准帮扶 Precision Aid · {t('app.subtitle')} ·{' '}
          <a href="/api/docs" target="_blank" rel="noreferrer">
            {t('app.apiDocs')}
          </a>
        </Footer>
      </Layout>
      <ChangePasswordModal open={pwdOpen || me.user.mustChangePassword} forced={me.user.mustChangePassword} onClose={() => setPwdOpen(false)} />
    </Layout>
  );
}
