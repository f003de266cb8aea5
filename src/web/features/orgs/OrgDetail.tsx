import { AimOutlined, DragOutlined, EditOutlined, PlusOutlined, StopOutlined, CheckCircleOutlined, TeamOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Badge, Breadcrumb, Button, Card, Descriptions, Empty, Popconfirm, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { Permission } from '../../../contracts/auth';
import type { OrgDto } from '../../../contracts/orgs';
import { isApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { toast } from '../../ui/feedback';
import { LoadError, NotFound } from '../../ui/results';
import { Mono, OrgKindTag } from '../../ui/tags';
import { updateOrg, useOrg, useOrgAncestors } from './api';
import { MoveOrgModal } from './MoveOrgModal';
import { OrgFormModal, childKindsOf, isFederation } from './OrgFormModal';

export type OrgChange = { type: 'created'; org: OrgDto } | { type: 'updated'; org: OrgDto } | { type: 'moved'; org: OrgDto; oldParentId: string | null };

/** Details of one org and, for those who manage it, the actions on it. */
export function OrgDetail({ id, onSelect, onChanged, onLocate, inTree }: { id: string; onSelect: (id: string) => void; onChanged: (c: OrgChange) => void; onLocate: (id: string) => void; inTree: boolean }) {
  const t = useT();
  const navigate = useNavigate();
  const { me, can, manages } = useAuth();
  const org = useOrg(id);
  const ancestors = useOrgAncestors(id);
  const [modal, setModal] = useState<'create' | 'edit' | 'move' | null>(null);

  const toggle = useMutation({
    mutationFn: (o: OrgDto) => updateOrg(o.id, { active: !o.active }),
    onSuccess: (o) => {
      toast()?.success(t('common.saved'));
      onChanged({ type: 'updated', org: o });
    },
  });

  if (org.isPending) return <Card loading />;
  if (org.isError) return <Card>{isApiError(org.error) && org.error.status === 404 ? <NotFound /> : <LoadError error={org.error} onRetry={() => org.refetch()} />}</Card>;
  const o = org.data;
  const chain = ancestors.data ?? [];
  const parent = chain.length > 1 && chain[chain.length - 2].id === o.parentId ? chain[chain.length - 2] : null;
  const canManage = can(Permission.OrgManage) && manages(o.path);
  const isOwn = o.id === me.org.id;
  const childKinds = childKindsOf(o.kind);
  const fixed = isFederation(o.kind) || isOwn;

  const actions = canManage ? (
    <Space wrap>
      <Tooltip title={childKinds.length ? undefined : t('org.noChildKinds')}>
        <Button type="primary" icon={<PlusOutlined />} disabled={!childKinds.length} onClick={() => setModal('create')} data-testid="org-create-child">
          {t('org.createChild')}
        </Button>
      </Tooltip>
      <Button icon={<EditOutlined />} onClick={() => setModal('edit')} data-testid="org-edit">
        {t('common.edit')}
      </Button>
      <Tooltip title={fixed ? (isOwn ? t('org.ownOrg') : t('org.federationFixed')) : undefined}>
        <Button icon={<DragOutlined />} disabled={fixed} onClick={() => setModal('move')} data-testid="org-move">
          {t('org.move')}
        </Button>
      </Tooltip>
      <Popconfirm
        title={o.active ? t('org.deactivateConfirm', { name: o.name }) : t('org.activateConfirm', { name: o.name })}
        onConfirm={() => toggle.mutateAsync(o)}
        disabled={fixed}
        okText={t('common.ok')}
        cancelText={t('common.cancel')}
      >
        <Tooltip title={fixed ? (isOwn ? t('org.ownOrg') : t('org.federationFixed')) : undefined}>
          <Button danger={o.active} icon={o.active ? <StopOutlined /> : <CheckCircleOutlined />} disabled={fixed} loading={toggle.isPending} data-testid="org-toggle-active">
            {o.active ? t('org.deactivate') : t('org.activate')}
          </Button>
        </Tooltip>
      </Popconfirm>
    </Space>
  ) : null;

  return (
    <Card
      data-testid="org-detail"
      title={
        <Space size={8} wrap>
          <span style={{ fontSize: 17 }}>{o.name}</span>
          <OrgKindTag kind={o.kind} subtype={o.subtype} />
          {!o.active && <Tag>{t('common.inactive')}</Tag>}
        </Space>
      }
      extra={
        !inTree ? (
          <Button size="small" icon={<AimOutlined />} onClick={() => onLocate(o.id)}>
            {t('org.locate')}
          </Button>
        ) : null
      }
    >
      {actions && <div style={{ marginBottom: 16 }}>{actions}</div>}
      {!canManage && can(Permission.OrgManage) && <Typography.Paragraph type="secondary">{t('org.outsideManage')}</Typography.Paragraph>}
      <Descriptions bordered column={1} size="middle" styles={{ label: { width: 140 } }}>
        <Descriptions.Item label={t('org.name')}>{o.name}</Descriptions.Item>
        <Descriptions.Item label={t('org.code')}>
          <Typography.Text copyable={{ text: o.code }}>
            <Mono>{o.code}</Mono>
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('org.kind')}>
          <OrgKindTag kind={o.kind} subtype={o.subtype} />
        </Descriptions.Item>
        <Descriptions.Item label={t('org.region')}>
          {o.regionCode ? (
            <>
              {o.regionName ?? '—'} <Typography.Text type="secondary">（{o.regionCode}）</Typography.Text>
            </>
          ) : (
            '—'
          )}
        </Descriptions.Item>
        <Descriptions.Item label={t('org.parent')}>{parent ? <a onClick={() => onSelect(parent.id)}>{parent.name}</a> : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('org.path')}>
          {chain.length > 0 && (
            <Breadcrumb
              style={{ marginBottom: 4 }}
              items={chain.map((a) => ({ key: a.id, title: a.id === o.id ? a.name : <a onClick={() => onSelect(a.id)}>{a.name}</a> }))}
            />
          )}
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            <Mono>{o.path}</Mono>
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label={t('org.status')}>
          <Badge status={o.active ? 'success' : 'default'} text={o.active ? t('common.active') : t('common.inactive')} />
        </Descriptions.Item>
        <Descriptions.Item label={t('org.children')}>{o.childCount}</Descriptions.Item>
      </Descriptions>
      {can(Permission.UserRead) && manages(o.path) && (
        <Button style={{ marginTop: 16 }} icon={<TeamOutlined />} onClick={() => navigate(`/users?orgId=${o.id}`)}>
          {t('org.viewUsers')}
        </Button>
      )}

      <OrgFormModal
        open={modal === 'create'}
        parent={o}
        onClose={() => setModal(null)}
        onDone={(c) => {
          setModal(null);
          onChanged({ type: 'created', org: c });
        }}
      />
      <OrgFormModal
        open={modal === 'edit'}
        org={o}
        parent={parent}
        onClose={() => setModal(null)}
        onDone={(u) => {
          setModal(null);
          onChanged({ type: 'updated', org: u });
        }}
      />
      {modal === 'move' && (
        <MoveOrgModal
          open
          org={o}
          onClose={() => setModal(null)}
          onDone={(m, oldParentId) => {
            setModal(null);
            onChanged({ type: 'moved', org: m, oldParentId });
          }}
        />
      )}
    </Card>
  );
}

export function OrgDetailEmpty() {
  const t = useT();
  return (
    <Card>
      <Empty description={t('org.selectHint')} style={{ padding: '60px 0' }} />
    </Card>
  );
}
