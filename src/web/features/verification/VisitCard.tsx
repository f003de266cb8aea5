import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Card, Descriptions, Image, Space, Tag, Typography } from 'antd';
import { CATEGORY_LABELS, FOUR_LOOKS, FOUR_LOOK_KEYS, HOUSING_LABELS, LEVEL_LABELS, MEASURE_TYPE_LABELS } from '../../../contracts/registry';
import { INCOME_LEVEL_LABELS, WORK_SITUATION_LABELS } from '../../../contracts/verification';
import { useT } from '../../app/i18n';
import { formatDate, formatDateTime, formatFen } from '../../ui/format';
import { Mono } from '../../ui/tags';
import { enumLabel } from '../registry/labels';
import { fileUrl, type VisitDto } from './api';

interface Checklist {
  housing?: { type?: string; note?: string };
  work?: { situation?: string; note?: string };
  income?: { level?: string; annualIncomeFen?: number; note?: string };
  incidents?: { any?: boolean; note?: string };
  illness?: { any?: boolean; note?: string };
}

/** The signature of a visit: who, when, the statement, the SHA-256 and whether it still matches what is stored. */
export function SignatureBlock({ v }: { v: VisitDto }) {
  const t = useT();
  const s = v.signature;
  return (
    <Descriptions column={1} size="small" bordered data-testid="vf-signature">
      <Descriptions.Item label={t('vf.sig.signer')}>{s.signerName}</Descriptions.Item>
      <Descriptions.Item label={t('vf.sig.at')}>{formatDateTime(s.signedAt)}</Descriptions.Item>
      <Descriptions.Item label={t('vf.sig.statement')}>{s.statement}</Descriptions.Item>
      <Descriptions.Item label="SHA-256">
        <span style={{ wordBreak: 'break-all' }}>
          <Mono>{s.contentHash}</Mono>
        </span>{' '}
        {s.hashValid ? (
          <Tag icon={<CheckCircleFilled />} color="success" data-testid="vf-hash-valid">
            {t('vf.sig.valid')}
          </Tag>
        ) : (
          <Tag icon={<CloseCircleFilled />} color="error" data-testid="vf-hash-invalid">
            {t('vf.sig.invalid')}
          </Tag>
        )}
      </Descriptions.Item>
    </Descriptions>
  );
}

/** What the investigator found, recommended and signed. */
export function VisitCard({ v, title }: { v: VisitDto; title?: string }) {
  const t = useT();
  const c = (v.checklist ?? {}) as Checklist;
  const yes = (b: boolean | undefined) => (b ? t('common.yes') : t('common.no'));
  const note = (n: string | undefined) => (n ? <Typography.Text type="secondary"> · {n}</Typography.Text> : null);
  return (
    <Card title={title ?? t('vf.visit.title', { n: v.round })} size="small" data-testid="vf-visit-card">
      <Descriptions column={{ xs: 1, md: 2 }} size="small">
        <Descriptions.Item label={t('vf.investigator')}>{v.investigator.name}</Descriptions.Item>
        <Descriptions.Item label={t('vf.visitDate')}>{formatDate(v.visitDate)}</Descriptions.Item>
        <Descriptions.Item label={t('vf.check.housing')}>
          {enumLabel(t, HOUSING_LABELS, c.housing?.type)}
          {note(c.housing?.note)}
        </Descriptions.Item>
        <Descriptions.Item label={t('vf.check.work')}>
          {enumLabel(t, WORK_SITUATION_LABELS, c.work?.situation)}
          {note(c.work?.note)}
        </Descriptions.Item>
        <Descriptions.Item label={t('vf.check.incomeLevel')}>
          {enumLabel(t, INCOME_LEVEL_LABELS, c.income?.level)} · {formatFen(c.income?.annualIncomeFen)}
          {note(c.income?.note)}
        </Descriptions.Item>
        <Descriptions.Item label={t('vf.check.size')}>{v.found.size}</Descriptions.Item>
        <Descriptions.Item label={t('vf.check.incidents')}>
          {yes(c.incidents?.any)}
          {note(c.incidents?.note)}
        </Descriptions.Item>
        <Descriptions.Item label={t('vf.check.illness')}>
          {yes(c.illness?.any)}
          {note(c.illness?.note)}
        </Descriptions.Item>
        <Descriptions.Item label={t('vf.visit.fourLooks')} span={2}>
          <Space wrap size={4}>
            {FOUR_LOOK_KEYS.map((k) => {
              const opts = FOUR_LOOKS[k].options as Record<string, { zh: string; en: string }>;
              const a = v.fourLooks.answers[k];
              return <Tag key={k}>{`${t.label(FOUR_LOOKS[k], k)}：${t.label(opts[a], a)}`}</Tag>;
            })}
            <strong>{t('vf.fourLooksTotal', { n: v.fourLooks.total })}</strong>
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t('vf.findings')} span={2}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{v.findings}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('vf.rec.category')}>
          {enumLabel(t, CATEGORY_LABELS, v.recommendation.category)} {v.recommendation.level ? `· ${enumLabel(t, LEVEL_LABELS, v.recommendation.level)}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('vf.rec.aid')}>{formatFen(v.recommendation.aidFen)}</Descriptions.Item>
        <Descriptions.Item label={t('vf.rec.measures')} span={2}>
          {v.recommendation.measures.length ? v.recommendation.measures.map((m) => <Tag key={m}>{enumLabel(t, MEASURE_TYPE_LABELS, m)}</Tag>) : '—'}
          {v.recommendation.note && <Typography.Text type="secondary"> {v.recommendation.note}</Typography.Text>}
        </Descriptions.Item>
      </Descriptions>
      {v.attachments.length > 0 && (
        <div style={{ margin: '8px 0 12px' }} data-testid="vf-attachments">
          <Image.PreviewGroup>
            <Space wrap>
              {v.attachments.map((f) =>
                f.mime.startsWith('image/') ? (
                  <Image key={f.id} src={fileUrl(f.id)} width={96} height={96} style={{ objectFit: 'cover' }} alt={f.name} />
                ) : (
                  <a key={f.id} href={fileUrl(f.id)} target="_blank" rel="noreferrer">
                    {f.name}
                  </a>
                ),
              )}
            </Space>
          </Image.PreviewGroup>
        </div>
      )}
      <SignatureBlock v={v} />
    </Card>
  );
}
