import { Alert, Card, Col, Descriptions, Empty, Row, Space, Tag, Typography } from 'antd';
import { CANCEL_REASON_LABELS, CAUSE_LABELS, FLAG_LABELS, FOUR_LOOK_KEYS, FOUR_LOOKS, HOUSING_LABELS } from '../../../../contracts/registry';
import { useT, type Bilingual } from '../../../app/i18n';
import { formatDate, formatDateTime, formatFen } from '../../../ui/format';
import { MaskedText, Mono } from '../../../ui/tags';
import type { HouseholdDto } from '../api';
import { IdentificationResult } from '../IdentificationResult';
import { useRegionNames } from '../inputs';
import { enumLabel } from '../labels';
import { SignersCard } from './SignersCard';

export function BasicTab({ h }: { h: HouseholdDto }) {
  const t = useT();
  const names = useRegionNames();
  const monthlyTotal = Math.round((h.annualIncomeFen - h.otherAnnualIncomeFen) / 12);
  return (
    <Row gutter={[16, 16]} data-testid="hh-basic">
      <Col xs={24} xl={15}>
        {h.status === 'cancelled' && h.cancelReason && (
          <Alert type="error" showIcon style={{ marginBottom: 16 }} title={t('hh.cancelledBecause', { reason: enumLabel(t, CANCEL_REASON_LABELS, h.cancelReason) })} />
        )}
        <Descriptions title={t('hh.section.file')} column={{ xs: 1, md: 2 }} size="small" bordered styles={{ label: { width: 130 } }}>
          <Descriptions.Item label={t('hh.archiveNo')}>{h.archiveNo ? <span style={{ whiteSpace: 'nowrap' }}><Mono>{h.archiveNo}</Mono></span> : <Typography.Text type="secondary">{t('hh.archiveNoLater')}</Typography.Text>}</Descriptions.Item>
          <Descriptions.Item label={t('hh.org')}>{h.orgName}</Descriptions.Item>
          <Descriptions.Item label={t('hh.region')}>
            {h.regionName ?? ''}（{h.regionCode}）
          </Descriptions.Item>
          <Descriptions.Item label={t('hh.address')}>{h.address}</Descriptions.Item>
          <Descriptions.Item label={t('hh.employer')}>{h.employer ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('hh.unionMember')}>{h.unionMember ? t('common.yes') : t('common.no')}</Descriptions.Item>
          <Descriptions.Item label={t('hh.housing')}>
            {enumLabel(t, HOUSING_LABELS, h.housing)}
            {h.housingArea ? ` · ${h.housingArea} ㎡` : ''}
          </Descriptions.Item>
          <Descriptions.Item label={t('hh.receivesDibao')}>
            {h.receivesDibao ? (
              <Space size={6}>
                <Tag color="red">{t('common.yes')}</Tag>
                {h.dibaoCertificateNo && <Typography.Text type="secondary">{t('hh.certificateNo')}：{h.dibaoCertificateNo}</Typography.Text>}
              </Space>
            ) : (
              t('common.no')
            )}
          </Descriptions.Item>
        </Descriptions>

        <Descriptions title={t('hh.section.money')} column={{ xs: 1, md: 2 }} size="small" bordered styles={{ label: { width: 130 } }} style={{ marginTop: 20 }}>
          <Descriptions.Item label={t('hh.annualIncome')}>
            <strong data-testid="hh-annual-income">{formatFen(h.annualIncomeFen)}</strong>
          </Descriptions.Item>
          <Descriptions.Item label={t('hh.rigidSpending')}>
            <strong data-testid="hh-rigid">{formatFen(h.rigidSpendingFen)}</strong>
          </Descriptions.Item>
          <Descriptions.Item label={t('hh.membersMonthly')}>{formatFen(monthlyTotal)}</Descriptions.Item>
          <Descriptions.Item label={t('hh.medical')}>{formatFen(h.medicalOutOfPocketFen)}</Descriptions.Item>
          <Descriptions.Item label={t('hh.otherIncome')}>{formatFen(h.otherAnnualIncomeFen)}</Descriptions.Item>
          <Descriptions.Item label={t('hh.schoolingSpending')}>{formatFen(h.schoolingSpendingFen)}</Descriptions.Item>
          <Descriptions.Item label={t('hh.size')}>{t('hh.sizeN', { count: h.size })}</Descriptions.Item>
          <Descriptions.Item label={t('hh.disasterLoss')}>{formatFen(h.disasterLossFen)}</Descriptions.Item>
        </Descriptions>

        <Descriptions title={t('hh.section.causes')} column={1} size="small" bordered styles={{ label: { width: 130 } }} style={{ marginTop: 20 }}>
          <Descriptions.Item label={t('hh.primaryCause')}>
            <Tag color="volcano">{enumLabel(t, CAUSE_LABELS, h.primaryCause)}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={t('hh.secondaryCauses')}>
            {h.secondaryCauses.length ? h.secondaryCauses.map((c) => <Tag key={c}>{enumLabel(t, CAUSE_LABELS, c)}</Tag>) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('hh.flags')}>
            {h.flags.length ? h.flags.map((f) => <Tag key={f} color="blue">{enumLabel(t, FLAG_LABELS, f)}</Tag>) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('hh.studentsIllness')}>
            <Space size={6}>
              <span>{t('hh.studentsN', { count: h.students })}</span>
              {h.seriousIllness && <Tag color="red">{t('hh.seriousIllness')}</Tag>}
            </Space>
          </Descriptions.Item>
        </Descriptions>

        <Descriptions title={t('hh.section.bank')} column={{ xs: 1, md: 2 }} size="small" bordered styles={{ label: { width: 130 } }} style={{ marginTop: 20 }}>
          <Descriptions.Item label={t('hh.bankName')}>{h.bankName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('hh.bankAccount')}>
            <MaskedText value={h.bankAccount} />
          </Descriptions.Item>
        </Descriptions>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 12 }}>
          {t('hh.createdAt')} {formatDateTime(h.createdAt)} · {t('hh.updatedAt')} {formatDateTime(h.updatedAt)} · {t('hh.version', { version: h.version })}
        </Typography.Paragraph>
      </Col>
      <Col xs={24} xl={9}>
        <Card size="small" title={t('hh.identification')} data-testid="hh-identification" style={{ marginBottom: 16 }}>
          {h.identification ? (
            <IdentificationResult
              compact
              r={{ ...h.identification, category: h.category, level: h.level }}
              regionName={names.get(h.identification.lineRegionCode)}
            />
          ) : (
            <Empty description={t('hh.noIdentification')} />
          )}
        </Card>
        <SignersCard h={h} />
        {h.fourLooksLatest && (
          <Card size="small" title={t('hh.tab.fourLooks')} style={{ marginTop: 16 }} data-testid="hh-looks-latest">
            <Space size={8} wrap>
              <span>{t('looks.latest', { date: formatDate(h.fourLooksLatest.visitDate) })}</span>
              <Tag color={h.fourLooksLatest.totalScore >= 60 ? 'red' : h.fourLooksLatest.totalScore >= 30 ? 'orange' : 'green'}>
                {t('looks.total')} {h.fourLooksLatest.totalScore}
              </Tag>
            </Space>
            <div style={{ marginTop: 6, fontSize: 13, color: 'rgba(0,0,0,0.65)' }}>
              {FOUR_LOOK_KEYS.map((k) => {
                const o = (FOUR_LOOKS[k].options as Record<string, Bilingual>)[h.fourLooksLatest!.answers[k]];
                return (
                  <div key={k}>
                    {t.label(FOUR_LOOKS[k])}：{o ? t.label(o) : '—'}
                  </div>
                );
              })}
            </div>
          </Card>
        )}
      </Col>
    </Row>
  );
}
