import { CheckCircleOutlined, DownloadOutlined, EditOutlined, EllipsisOutlined, EyeOutlined, KeyOutlined, PlusOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Card, Checkbox, Dropdown, Input, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Permission, ROLE_LABELS, STAFF_ROLES, type Role } from '../../../contracts/auth';
import type { UserDto } from '../../../contracts/users';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { exportXlsx } from '../../ui/excel';
import { showError, toast } from '../../ui/feedback';
import { formatDateTime } from '../../ui/format';
import { LoadError } from '../../ui/results';
import { MaskedText, Mono, RoleTags, roleLabel } from '../../ui/tags';
import { OrgTreeSelect } from '../orgs/OrgTreeSelect';
import { listUsers, setUserStatus, userKeys, type UserFilters } from './api';
import { ResetPasswordModal } from './ResetPasswordModal';
import { RevealModal } from './RevealModal';
import { UserFormModal } from './UserFormModal';
import { useCursorList } from '../../ui/useCursorList';

type Dialog = { kind: 'create' } | { kind: 'edit'; user: UserDto } | { kind: 'reset'; user: UserDto } | { kind: 'reveal'; user: UserDto } | null;

function filtersFrom(p: URLSearchParams): UserFilters {
  const role = p.get('role');
  const status = p.get('status');
  return {
    orgId: p.get('orgId') ?? undefined,
    includeSubOrgs: p.get('includeSubOrgs') !== 'false',
    role: role && role in ROLE_LABELS ? (role as Role) : undefined,
    status: status === 'active' || status === 'disabled' ? status : undefined,
    q: p.get('q') ?? undefined,
  };
}

export default function UsersPage() {
  const t = useT();
  const qc = useQueryClient();
  const { me, can } = useAuth();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => filtersFrom(params), [params]);
  const [text, setText] = useState(filters.q ?? '');
  const [dialog, setDialog] = useState<Dialog>(null);
  const [exporting, setExporting] = useState(false);
  const canManage = can(Permission.UserManage);
  const canReveal = can(Permission.PiiReveal);

  const setFilter = (patch: Partial<Record<keyof UserFilters, string | undefined>>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };

  const list = useCursorList(userKeys.list(filters), (c) => listUsers(filters, c));
  const rows = list.rows;

  const status = useMutation({
    mutationFn: (u: UserDto) => setUserStatus(u.id, u.status === 'active' ? 'disabled' : 'active'),
    onSuccess: () => {
      toast()?.success(t('user.statusChanged'));
      void qc.invalidateQueries({ queryKey: userKeys.all });
    },
  });

  const doExport = async () => {
    if (!rows.length) {
      toast()?.info(t('common.nothingToExport'));
      return;
    }
    setExporting(true);
    try {
      await exportXlsx<UserDto>({
        fileName: t('menu.users'),
        sheetName: t('user.exportSheet'),
        title: `${t('menu.users')} · ${me.org.name} · ${formatDateTime(new Date())}`,
        rows,
        columns: [
          { header: t('user.username'), value: (u) => u.username },
          { header: t('user.displayName'), value: (u) => u.displayName },
          { header: t('user.org'), value: (u) => u.orgName },
          { header: t('org.code'), value: (u) => u.orgCode },
          { header: t('user.roles'), value: (u) => u.roles.map((r) => roleLabel(t, r)).join('、') },
          { header: t('user.status'), value: (u) => (u.status === 'active' ? t('user.status.active') : t('user.status.disabled')) },
          { header: t('user.locked'), value: (u) => (u.locked ? t('common.yes') : t('common.no')) },
          { header: t('user.phone'), value: (u) => u.phone ?? '' },
          { header: t('user.idNumber'), value: (u) => u.idNumber ?? '' },
          { header: t('user.lastLogin'), value: (u) => (u.lastLoginAt ? formatDateTime(u.lastLoginAt) : '') },
          { header: t('user.createdAt'), value: (u) => formatDateTime(u.createdAt) },
        ],
      });
      toast()?.success(t('common.exported', { count: rows.length }));
    } catch (e) {
      showError(e);
    } finally {
      setExporting(false);
    }
  };

  const columns: TableColumnsType<UserDto> = [
    {
      title: t('user.username'),
      dataIndex: 'username',
      width: 150,
      ellipsis: { showTitle: false },
      render: (v: string) => (
        <Tooltip title={v.length > 15 ? v : undefined}>
          <span style={{ fontSize: 13 }}>
            <Mono>{v}</Mono>
          </span>
        </Tooltip>
      ),
    },
    {
      title: t('user.displayName'),
      dataIndex: 'displayName',
      width: 92,
      render: (v: string, u) => (
        <Space size={4}>
          {v}
          {u.mustChangePassword && (
            <Tooltip title={t('user.mustChange')}>
              <KeyOutlined style={{ color: '#faad14' }} />
            </Tooltip>
          )}
        </Space>
      ),
    },
    {
      title: t('user.org'),
      dataIndex: 'orgName',
      ellipsis: { showTitle: false },
      render: (v: string, u) => (
        <Tooltip title={`${v}（${u.orgCode}）`}>
          <span>{v}</span>
        </Tooltip>
      ),
    },
    { title: t('user.roles'), dataIndex: 'roles', width: 112, render: (v: Role[]) => <RoleTags roles={v} /> },
    {
      title: t('user.status'),
      dataIndex: 'status',
      width: 78,
      render: (v: UserDto['status']) => <Badge status={v === 'active' ? 'success' : 'default'} text={v === 'active' ? t('user.status.active') : t('user.status.disabled')} />,
    },
    { title: t('user.locked'), dataIndex: 'locked', width: 62, render: (v: boolean) => (v ? <Tag color="red">{t('user.lockedTag')}</Tag> : <Typography.Text type="secondary">—</Typography.Text>) },
    {
      title: t('user.phoneAndId'),
      key: 'pii',
      width: 160,
      render: (_, u) => (
        <div style={{ lineHeight: 1.6 }}>
          <div>
            <MaskedText value={u.phone} />
          </div>
          <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>
            <MaskedText value={u.idNumber} />
          </div>
        </div>
      ),
    },
    {
      title: t('user.lastLogin'),
      dataIndex: 'lastLoginAt',
      width: 100,
      render: (v: string | null) => {
        if (!v) return <Typography.Text type="secondary">—</Typography.Text>;
        const [d, tm] = formatDateTime(v).split(' ');
        return (
          <div style={{ lineHeight: 1.5, whiteSpace: 'nowrap' }}>
            <div>{d}</div>
            <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>{tm}</div>
          </div>
        );
      },
    },
  ];
  if (canManage || canReveal) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: canManage ? 112 : 64,
      align: 'center',
      fixed: 'right',
      render: (_, u) => {
        const self = u.id === me.user.id;
        const more = [
          ...(canManage ? [{ key: 'reset', icon: <KeyOutlined />, label: t('user.resetPassword') }] : []),
          ...(canReveal ? [{ key: 'reveal', icon: <EyeOutlined />, label: t('user.reveal'), disabled: !u.phone && !u.idNumber }] : []),
        ];
        return (
          <Space size={4} onClick={(e) => e.stopPropagation()}>
            {canManage && (
              <Tooltip title={t('common.edit')}>
                <Button type="text" size="small" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={() => setDialog({ kind: 'edit', user: u })} data-testid={`user-edit-${u.username}`} />
              </Tooltip>
            )}
            {canManage && (
              <Popconfirm
                title={u.status === 'active' ? t('user.disableConfirm', { username: u.username }) : t('user.enableConfirm', { username: u.username })}
                onConfirm={() => status.mutateAsync(u)}
                disabled={self}
                okText={t('common.ok')}
                cancelText={t('common.cancel')}
              >
                <Tooltip title={self ? t('user.self') : u.status === 'active' ? t('user.disable') : t('user.enable')}>
                  <Button
                    type="text"
                    size="small"
                    danger={u.status === 'active'}
                    disabled={self}
                    icon={u.status === 'active' ? <StopOutlined /> : <CheckCircleOutlined style={{ color: self ? undefined : '#52c41a' }} />}
                    aria-label={u.status === 'active' ? t('user.disable') : t('user.enable')}
                    data-testid={`user-status-${u.username}`}
                  />
                </Tooltip>
              </Popconfirm>
            )}
            {more.length > 0 && (
              <Dropdown
                trigger={['click']}
                menu={{
                  items: more,
                  onClick: ({ key }) => setDialog(key === 'reset' ? { kind: 'reset', user: u } : { kind: 'reveal', user: u }),
                }}
              >
                <Button type="text" size="small" icon={<EllipsisOutlined />} aria-label={t('common.more')} data-testid={`user-more-${u.username}`} />
              </Dropdown>
            )}
          </Space>
        );
      },
    });
  }

  return (
    <Card
      title={t('user.list')}
      extra={
        <Space>
          <Tooltip title={t('common.refresh')}>
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('common.refresh')} />
          </Tooltip>
          <Button icon={<DownloadOutlined />} loading={exporting} onClick={() => void doExport()} data-testid="users-export">
            {t('common.export')}
          </Button>
          {canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })} data-testid="user-create">
              {t('user.create')}
            </Button>
          )}
        </Space>
      }
    >
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, alignItems: 'center', marginBottom: 16 }} data-testid="user-filters">
        <OrgTreeSelect
          value={filters.orgId}
          onChange={(id) => setFilter({ orgId: id })}
          allowClear
          withinPath={me.scope.orgPath}
          placeholder={t('user.org')}
          style={{ width: 250 }}
          data-testid="user-filter-org"
        />
        <Checkbox checked={filters.includeSubOrgs} onChange={(e) => setFilter({ includeSubOrgs: e.target.checked ? undefined : 'false' })}>
          {t('user.includeSubOrgs')}
        </Checkbox>
        <Select<Role>
          allowClear
          placeholder={t('user.roles')}
          value={filters.role}
          onChange={(v) => setFilter({ role: v })}
          options={STAFF_ROLES.map((r) => ({ value: r, label: roleLabel(t, r) }))}
          style={{ width: 140 }}
          data-testid="user-filter-role"
        />
        <Select<'active' | 'disabled'>
          allowClear
          placeholder={t('user.status')}
          value={filters.status}
          onChange={(v) => setFilter({ status: v })}
          options={[
            { value: 'active', label: t('user.status.active') },
            { value: 'disabled', label: t('user.status.disabled') },
          ]}
          style={{ width: 110 }}
          data-testid="user-filter-status"
        />
        <Input.Search
          allowClear
          placeholder={t('user.searchPlaceholder')}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            if (!e.target.value) setFilter({ q: undefined });
          }}
          onSearch={(v) => setFilter({ q: v.trim() || undefined })}
          style={{ width: 210 }}
          maxLength={50}
          data-testid="user-filter-q"
        />
      </div>

      {list.isError && !rows.length ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : (
        <Table<UserDto>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={rows}
          loading={list.isPending || (list.isFetching && !list.isFetchingNextPage)}
          pagination={false}
          scroll={{ x: 980 }}
          data-testid="users-table"
          footer={() => (
            <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between' }}>
              <Typography.Text type="secondary">{t('common.loaded', { count: rows.length })}</Typography.Text>
              {list.hasNextPage ? (
                <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage} data-testid="users-load-more">
                  {t('common.loadMore')}
                </Button>
              ) : (
                rows.length > 0 && <Typography.Text type="secondary">{t('common.noMore')}</Typography.Text>
              )}
            </div>
          )}
        />
      )}

      {(dialog?.kind === 'create' || dialog?.kind === 'edit') && (
        <UserFormModal
          open
          user={dialog.kind === 'edit' ? dialog.user : null}
          defaultOrgId={filters.orgId}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            void qc.invalidateQueries({ queryKey: userKeys.all });
          }}
        />
      )}
      {dialog?.kind === 'reset' && <ResetPasswordModal user={dialog.user} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'reveal' && <RevealModal user={dialog.user} onClose={() => setDialog(null)} />}
    </Card>
  );
}
