import { useMutation } from '@tanstack/react-query';
import { Alert, Form, Modal, Typography } from 'antd';
import { useCallback } from 'react';
import { ALLOWED_PARENTS, type OrgDto } from '../../../contracts/orgs';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { applyFormError, toast } from '../../ui/feedback';
import { orgKindLabel } from '../../ui/tags';
import { moveOrg } from './api';
import { divisionFor, isFederation } from './OrgFormModal';
import { OrgTreeSelect } from './OrgTreeSelect';

/** Moves an org (with its subtree) under a new parent picked from the tree or by search. */
export function MoveOrgModal({ open, org, onClose, onDone }: { open: boolean; org: OrgDto; onClose: () => void; onDone: (o: OrgDto, oldParentId: string | null) => void }) {
  const t = useT();
  const { me, manages } = useAuth();
  const [form] = Form.useForm<{ parentId: string }>();
  const allowed = ALLOWED_PARENTS[org.kind];

  const disabledOrg = useCallback(
    (p: OrgDto): string | null => {
      if (p.path.startsWith(org.path)) return t('org.why.self');
      if (p.id === org.parentId) return t('org.why.current');
      if (!allowed.includes(p.kind)) return t('org.why.kind');
      if (!manages(p.path)) return t('org.why.scope');
      if (org.regionCode && (isFederation(p.kind) || p.kind === 'industry') && p.regionCode && !org.regionCode.startsWith(divisionFor(p))) return t('org.why.region');
      return null;
    },
    [allowed, org, manages, t],
  );

  const move = useMutation({
    meta: { quiet: true },
    mutationFn: (v: { parentId: string }) => moveOrg(org.id, v.parentId),
    onSuccess: (o) => {
      toast()?.success(t('org.moved'));
      onDone(o, org.parentId);
    },
    onError: (e) => applyFormError(form, e, ['parentId']),
  });

  return (
    <Modal
      open={open}
      title={t('org.moveTitle', { name: org.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('org.move')}
      confirmLoading={move.isPending}
      destroyOnHidden
      width={560}
    >
      <Alert type="info" showIcon style={{ margin: '12px 0 16px' }} title={t('org.moveHint', { kinds: allowed.map((k) => orgKindLabel(t, k)).join('、') })} />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: -4 }}>
        {t('org.moveRegionHint')}
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={(v) => move.mutate(v)} preserve={false}>
        <Form.Item name="parentId" label={t('org.newParent')} rules={[{ required: true, message: t('common.selectRequired', { field: t('org.newParent') }) }]}>
          <OrgTreeSelect disabledOrg={disabledOrg} withinPath={me.scope.orgPath} id="move-parent" data-testid="move-parent" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
