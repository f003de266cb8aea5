import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Form, Input, Modal, Select, Typography } from 'antd';
import { CANCEL_REASONS, CANCEL_REASON_LABELS, STATUS_LABELS, type CancelReason } from '../../../contracts/registry';
import { isApiError } from '../../app/api';
import { useT } from '../../app/i18n';
import { applyFormError, toast } from '../../ui/feedback';
import { registryKeys, transitionHousehold, type HouseholdDto } from './api';
import { UserPicker } from './inputs';
import { enumLabel, enumOptions, StatusTag } from './labels';
import type { TransitionDef } from './lifecycle';

interface Values {
  reason: string;
  cancelReason?: CancelReason;
  responsibleUserId?: string;
}

/** Asks why (and, to cancel, which cancel reason; to approve, who is responsible) and moves the file. */
export function TransitionModal({ household, def, onClose }: { household: HouseholdDto; def: TransitionDef; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [form] = Form.useForm<Values>();
  const go = useMutation({
    meta: { quiet: true },
    mutationFn: (v: Values) =>
      transitionHousehold(household.id, {
        to: def.to,
        reason: v.reason.trim(),
        ...(def.to === 'cancelled' ? { cancelReason: v.cancelReason } : {}),
        ...(def.to === 'approved' && v.responsibleUserId ? { responsibleUserId: v.responsibleUserId } : {}),
        version: household.version,
      }),
    onSuccess: (h) => {
      qc.setQueryData(registryKeys.one(h.id), h);
      void qc.invalidateQueries({ queryKey: registryKeys.history(h.id) });
      void qc.invalidateQueries({ queryKey: registryKeys.lists() });
      void qc.invalidateQueries({ queryKey: ['registry', 'stats'] });
      toast()?.success(t('hh.tr.done', { status: enumLabel(t, STATUS_LABELS, h.status) }));
      onClose();
    },
    onError: (e) => {
      if (isApiError(e) && e.status === 409) void qc.invalidateQueries({ queryKey: registryKeys.one(household.id) });
      applyFormError(form, e, ['reason', 'cancelReason', 'responsibleUserId']);
    },
  });

  return (
    <Modal
      open
      title={t(def.label)}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t(def.label)}
      okButtonProps={{ danger: def.danger, 'data-testid': 'transition-submit' }}
      confirmLoading={go.isPending}
      destroyOnHidden
      width={540}
    >
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, margin: '12px 0' }}>
        <StatusTag value={household.status} />
        <span>→</span>
        <StatusTag value={def.to} />
        <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
          {household.archiveNo ?? t('hh.noArchiveNo')} · {household.workerName}
        </Typography.Text>
      </div>
      <Alert type={def.danger ? 'warning' : 'info'} showIcon title={t(def.hint)} style={{ marginBottom: 16 }} />
      <Form<Values> form={form} layout="vertical" onFinish={(v) => go.mutate(v)} data-testid="transition-form">
        {def.to === 'cancelled' && (
          <Form.Item name="cancelReason" label={t('hh.cancelReason')} rules={[{ required: true, message: t('common.selectRequired', { field: t('hh.cancelReason') }) }]}>
            <Select id="transition-cancel-reason" options={enumOptions(t, CANCEL_REASONS, CANCEL_REASON_LABELS)} data-testid="transition-cancel-reason" />
          </Form.Item>
        )}
        {def.to === 'approved' && (
          <Form.Item name="responsibleUserId" label={t('hh.signer.responsible')} extra={t('hh.tr.responsibleHint')}>
            <UserPicker id="transition-responsible" allowClear data-testid="transition-responsible" />
          </Form.Item>
        )}
        <Form.Item
          name="reason"
          label={t('hh.tr.reason')}
          rules={[
            { required: true, whitespace: true, message: t('hh.tr.reasonInvalid') },
            { min: 2, max: 500, message: t('hh.tr.reasonInvalid') },
          ]}
        >
          <Input.TextArea id="transition-reason" rows={3} maxLength={500} showCount placeholder={t('hh.tr.reasonPlaceholder')} data-testid="transition-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
