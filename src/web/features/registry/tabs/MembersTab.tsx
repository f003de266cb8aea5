import { EyeOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Checkbox, Descriptions, Form, Input, Modal, Space, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Permission } from '../../../../contracts/auth';
import { EMPLOYMENT_LABELS, HEALTH_LABELS, INCOME_SOURCE_LABELS, RELATION_LABELS, SCHOOLING_LABELS, STUDENT_STAGES, type SchoolingStage } from '../../../../contracts/registry';
import { useAuth } from '../../../app/auth';
import { useT } from '../../../app/i18n';
import { applyFormError } from '../../../ui/feedback';
import { formatFen } from '../../../ui/format';
import { MaskedText } from '../../../ui/tags';
import { revealMember, type HouseholdDto, type MemberDto } from '../api';
import { enumLabel } from '../labels';

type Field = 'idNumber' | 'phone';

/** Reveals a member's full ID number and phone; the server records the reveal and its reason. */
function MemberRevealModal({ h, m, onClose }: { h: HouseholdDto; m: MemberDto; onClose: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ fields: Field[]; reason: string }>();
  const available: Field[] = ['idNumber', ...(m.phone ? (['phone'] as const) : [])];
  const reveal = useMutation({
    meta: { quiet: true },
    mutationFn: (v: { fields: Field[]; reason: string }) => revealMember(h.id, m.id, v.fields, v.reason.trim()),
    onError: (e) => applyFormError(form, e, ['reason', 'fields']),
  });
  const done = reveal.data;
  const label = (f: Field) => (f === 'phone' ? t('user.phone') : t('user.idNumber'));
  return (
    <Modal
      open
      title={t('user.revealTitle', { name: m.name })}
      onCancel={onClose}
      destroyOnHidden
      footer={
        done
          ? [
              <Button key="close" type="primary" onClick={onClose}>
                {t('common.close')}
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={onClose}>
                {t('common.cancel')}
              </Button>,
              <Button key="ok" type="primary" danger icon={<EyeOutlined />} loading={reveal.isPending} onClick={() => form.submit()} data-testid="reveal-submit">
                {t('user.revealSubmit')}
              </Button>,
            ]
      }
    >
      {done ? (
        <>
          <Alert type="warning" showIcon title={t('user.revealed')} style={{ marginBottom: 16 }} />
          <Descriptions bordered column={1} size="small" data-testid="revealed-values">
            {(['idNumber', 'phone'] as const)
              .filter((f) => done[f] !== undefined)
              .map((f) => (
                <Descriptions.Item key={f} label={label(f)}>
                  <Typography.Text copyable={!!done[f]} style={{ fontFamily: 'monospace', fontSize: 15 }}>
                    {done[f] ?? '—'}
                  </Typography.Text>
                </Descriptions.Item>
              ))}
          </Descriptions>
        </>
      ) : (
        <>
          <Alert type="warning" showIcon title={t('user.revealWarning')} style={{ margin: '12px 0 16px' }} />
          <Form form={form} layout="vertical" initialValues={{ fields: available, reason: '' }} onFinish={(v) => reveal.mutate(v)}>
            <Form.Item name="fields" label={t('user.revealFields')} rules={[{ required: true, type: 'array', min: 1, message: t('common.selectRequired', { field: t('user.revealFields') }) }]}>
              <Checkbox.Group options={available.map((f) => ({ value: f, label: `${label(f)}（${f === 'phone' ? m.phone : m.idNumber}）` }))} />
            </Form.Item>
            <Form.Item
              name="reason"
              label={t('user.revealReason')}
              rules={[
                { required: true, whitespace: true, message: t('user.revealReasonInvalid') },
                { min: 2, max: 200, message: t('user.revealReasonInvalid') },
              ]}
            >
              <Input.TextArea id="reveal-reason" rows={3} maxLength={200} showCount placeholder={t('user.revealReasonPlaceholder')} data-testid="reveal-reason" />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}

export function MembersTab({ h }: { h: HouseholdDto }) {
  const t = useT();
  const { can } = useAuth();
  const canReveal = can(Permission.PiiReveal);
  const [reveal, setReveal] = useState<MemberDto | null>(null);

  const columns: TableColumnsType<MemberDto> = [
    {
      title: t('member.name'),
      dataIndex: 'name',
      width: 130,
      render: (v: string, m) => (
        <Space size={4}>
          <strong>{v}</strong>
          {m.relation === 'self' && <Tag color="red">{t('member.worker')}</Tag>}
        </Space>
      ),
    },
    { title: t('member.relation'), dataIndex: 'relation', width: 96, render: (v: string) => enumLabel(t, RELATION_LABELS, v) },
    { title: t('user.idNumber'), dataIndex: 'idNumber', width: 180, render: (v: string) => <MaskedText value={v} /> },
    {
      title: t('member.sexBirth'),
      key: 'sex',
      width: 150,
      render: (_, m) => (
        <span>
          {m.sex === 'male' ? t('member.male') : t('member.female')} · {m.birthDate} · {t('member.ageN', { age: m.age })}
        </span>
      ),
    },
    {
      title: t('member.health'),
      dataIndex: 'health',
      width: 120,
      render: (v: MemberDto['health'], m) => (
        <Tag color={v === 'healthy' ? 'green' : v === 'serious_illness' ? 'red' : v === 'disability' ? 'purple' : 'orange'}>
          {enumLabel(t, HEALTH_LABELS, v)}
          {v === 'disability' && m.disabilityGrade ? ` · ${t('member.gradeN', { grade: m.disabilityGrade })}` : ''}
        </Tag>
      ),
    },
    {
      title: t('member.schooling'),
      dataIndex: 'schoolingStage',
      width: 110,
      render: (v: SchoolingStage) => (STUDENT_STAGES.includes(v) ? <Tag color="blue">{enumLabel(t, SCHOOLING_LABELS, v)}</Tag> : enumLabel(t, SCHOOLING_LABELS, v)),
    },
    { title: t('member.employment'), dataIndex: 'employment', width: 120, render: (v: string) => enumLabel(t, EMPLOYMENT_LABELS, v) },
    {
      title: t('member.monthlyIncome'),
      key: 'income',
      width: 130,
      align: 'right',
      render: (_, m) => {
        const entries = Object.entries(m.monthlyIncomeFen).filter(([, v]) => v > 0);
        const total = entries.reduce((s, [, v]) => s + v, 0);
        return (
          <Tooltip
            title={
              entries.length ? (
                <div>
                  {entries.map(([k, v]) => (
                    <div key={k}>
                      {enumLabel(t, INCOME_SOURCE_LABELS, k)}：{formatFen(v)}
                    </div>
                  ))}
                </div>
              ) : undefined
            }
          >
            <span>{formatFen(total)}</span>
          </Tooltip>
        );
      },
    },
    { title: t('user.phone'), dataIndex: 'phone', width: 120, render: (v: string | null) => <MaskedText value={v} /> },
  ];
  if (canReveal) {
    columns.push({
      title: t('common.actions'),
      key: 'actions',
      width: 70,
      align: 'center',
      fixed: 'right',
      render: (_, m) => (
        <Tooltip title={t('user.reveal')}>
          <Button type="text" size="small" icon={<EyeOutlined />} onClick={() => setReveal(m)} aria-label={t('user.reveal')} data-testid={`member-reveal-${m.id}`} />
        </Tooltip>
      ),
    });
  }
  const monthly = h.members.reduce((s, m) => s + Object.values(m.monthlyIncomeFen).reduce((a, b) => a + b, 0), 0);
  return (
    <>
      <Table<MemberDto>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={h.members}
        pagination={false}
        scroll={{ x: 1190 }}
        data-testid="members-table"
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={7}>
              <Typography.Text type="secondary">{t('member.summary', { count: h.members.length, students: h.students })}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={7} align="right">
              <strong>{formatFen(monthly)}</strong>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={8} colSpan={canReveal ? 2 : 1} />
          </Table.Summary.Row>
        )}
      />
      {reveal && <MemberRevealModal h={h} m={reveal} onClose={() => setReveal(null)} />}
    </>
  );
}
