import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Empty, Modal, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useT } from '../../app/i18n';
import { formatFen } from '../../ui/format';
import { toast } from '../../ui/feedback';
import { Mono } from '../../ui/tags';
import { aidKeys, createBatch, listAwards, listPrograms, type AwardDto } from './api';
import { Money, useActionKey } from './labels';
import { sumFen } from './money';

/** 生成发放批次: confirmed awards of a program (some or all) into one batch; then its page. */
export function BatchCreateModal({ programId: fixedProgram, onClose }: { programId?: string; onClose: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const action = useActionKey();
  const [programId, setProgramId] = useState<string | undefined>(fixedProgram);
  const [selected, setSelected] = useState<string[]>([]);
  const programs = useQuery({ queryKey: aidKeys.programs({ status: 'open' }), queryFn: () => listPrograms({ status: 'open' }), enabled: !fixedProgram });
  const confirmed = useQuery({
    queryKey: [...aidKeys.awards({ programId, status: 'confirmed' }), 'first-page'],
    queryFn: () => listAwards({ programId, status: 'confirmed' }, null, 200),
    enabled: !!programId,
  });
  const rows = confirmed.data?.items ?? [];
  const chosen = selected.length ? rows.filter((r) => selected.includes(r.id)) : rows;
  const total = sumFen(chosen.map((r) => r.amountFen));
  const create = useMutation({
    mutationFn: () => createBatch(programId!, selected.length ? selected : undefined, action.key()),
    onSuccess: (b) => {
      action.done();
      toast()?.success(t('aid.batch.created', { no: b.batchNo }));
      void qc.invalidateQueries({ queryKey: aidKeys.all });
      onClose();
      navigate(`/aid/batches/${b.id}`);
    },
  });
  const columns: TableColumnsType<AwardDto> = [
    { title: t('aid.award.no'), dataIndex: 'awardNo', render: (v: string) => <Mono>{v}</Mono> },
    { title: t('aid.worker'), dataIndex: 'workerName' },
    { title: t('aid.org'), dataIndex: 'orgName', ellipsis: true },
    { title: t('aid.apply.payee'), dataIndex: 'payeeName' },
    { title: t('aid.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => <Money fen={v} /> },
  ];
  return (
    <Modal
      open
      width={820}
      title={t('aid.batch.newTitle')}
      onCancel={onClose}
      onOk={() => create.mutate()}
      okButtonProps={{ disabled: !programId || rows.length === 0, 'data-testid': 'batch-create-submit' }}
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Space orientation="vertical" style={{ width: '100%' }} data-testid="batch-create-form">
        {!fixedProgram && (
          <Select
            style={{ width: '100%' }}
            placeholder={t('aid.apply.pickProgram')}
            value={programId}
            onChange={(v) => {
              setProgramId(v);
              setSelected([]);
            }}
            loading={programs.isPending}
            options={(programs.data?.items ?? []).map((p) => ({ value: p.id, label: `${p.code} · ${p.name}` }))}
            data-testid="batch-create-program"
          />
        )}
        <Typography.Text type="secondary">{t('aid.batch.newHint')}</Typography.Text>
        {programId && !confirmed.isPending && rows.length === 0 ? (
          <Empty description={t('aid.batch.noConfirmed')} />
        ) : (
          <>
            <Table<AwardDto>
              rowKey="id"
              size="small"
              columns={columns}
              dataSource={rows}
              loading={!!programId && confirmed.isPending}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys as string[]) }}
              data-testid="batch-create-awards"
            />
            {programId && rows.length > 0 && (
              <Alert
                type="info"
                showIcon
                data-testid="batch-create-total"
                title={selected.length ? t('aid.batch.selected', { n: chosen.length, amount: formatFen(total) }) : t('aid.batch.allConfirmed', { n: rows.length, amount: formatFen(total) })}
              />
            )}
          </>
        )}
      </Space>
    </Modal>
  );
}
