import { CopyOutlined, EditOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Descriptions, Empty, Input, Modal, Popconfirm, Row, Space, Spin, Table, Tabs, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Permission } from '../../../contracts/auth';
import {
  CAP_SCOPE_LABELS,
  CONTRIBUTION_BASIS_LABELS,
  MEMBER_STATUS_LABELS,
  PAYER_LABELS,
  PLAN_KIND_LABELS,
  type Plan,
  RATIO_BASE_LABELS,
  SCHEME_VERSION_STATUS_LABELS,
  type Scheme,
  type SchemeDraftInput,
  TRIGGER_LABELS,
} from '../../../contracts/mutual-aid';
import { isApiError } from '../../app/api';
import { useAuth } from '../../app/auth';
import { useT } from '../../app/i18n';
import { errorText, toast } from '../../ui/feedback';
import { formatDateTime, formatFen } from '../../ui/format';
import { createScheme, mutualAidKeys, newDraftFrom, publishVersion, type SchemeVersionDto, type SchemeVersionSummaryDto, updateDraft, useSchemeVersion, useSchemesWithDrafts } from './api';
import { schemeToForm } from './scheme-form.rules';
import { SchemeEditor, SchemeForm } from './SchemeForm';
import { IssueListAlert } from './SchemeFormParts';

type L = { zh: string; en: string };
const pct = (bp: number) => `${(bp / 100).toLocaleString('en-US', { maximumFractionDigits: 2 })}%`;
const yuan = (fen: number) => formatFen(fen);

/** The rules of a plan as short readable lines (both languages through `l`). */
export function planRules(p: Plan, l: (x: L) => string): string[] {
  const out: string[] = [];
  if (p.kind === 'ratio') {
    out.push(`${l({ zh: '基数', en: 'Base' })}: ${l(RATIO_BASE_LABELS[p.base])}${p.bandScope === 'period' ? l({ zh: '（分段按年度累计）', en: ' (bands on the period total)' }) : ''}`);
    if (p.threshold) out.push(`${l({ zh: '起付线', en: 'Threshold' })}: ${yuan(p.threshold.amountFen)} ${l(CAP_SCOPE_LABELS[p.threshold.scope])}`);
    for (const v of p.ratio) {
      const bands = v.bands.map((b) => `${b.fromFen === 0 ? l({ zh: '0 起', en: 'from 0' }) : l({ zh: `${yuan(b.fromFen)} 起`, en: `from ${yuan(b.fromFen)}` })} ${pct(b.rateBp)}`).join('；');
      out.push(`${l(MEMBER_STATUS_LABELS[v.memberStatus])}: ${bands}`);
    }
  } else if (p.kind === 'lump_sum') {
    out.push(`${l({ zh: '一次性', en: 'Once' })} ${yuan(p.amountFen)}; ${l({ zh: '病种', en: 'Diseases' })}: ${p.diagnoses.map((d) => `${l(d.name)}（${d.icd10.join(', ')}）`).join('、')}`);
  } else if (p.kind === 'per_diem') {
    out.push(`${yuan(p.amountFenPerDay)} / ${l({ zh: '天', en: 'day' })}`);
  } else {
    out.push(`${yuan(p.amountFen)}; ${p.eligibleStatuses.map((s) => l(MEMBER_STATUS_LABELS[s])).join('、')}; ${l(p.eligibility)}${p.restrictedUse ? `; ${l(p.restrictedUse)}` : ''}`);
  }
  if (p.waitingPeriod) out.push(`${l({ zh: '等待期', en: 'Waiting period' })}: ${p.waitingPeriod.days} ${l({ zh: '天', en: 'days' })}${p.waitingPeriod.waivedOnContinuousRenewal ? l({ zh: '（连续续保免等待期）', en: ' (waived on continuous renewal)' }) : ''}`);
  for (const c of p.caps ?? []) out.push(`${l({ zh: '封顶', en: 'Cap' })} ${l(CAP_SCOPE_LABELS[c.scope])}: ${c.amountFen !== undefined ? yuan(c.amountFen) : `${c.days} ${l({ zh: '天', en: 'days' })}`}`);
  if (p.maxClaims) out.push(`${l({ zh: '给付次数上限', en: 'At most' })} ${l(CAP_SCOPE_LABELS[p.maxClaims.scope])}: ${p.maxClaims.count}`);
  if (p.funding?.length) out.push(`${l({ zh: '资金来源', en: 'Funded by' })}: ${p.funding.map((f) => `${l(PAYER_LABELS[f.payer])} ${pct(f.shareBp)}`).join('、')}`);
  return out;
}

interface IssueDetail {
  path?: string;
  message?: string;
  messageZh?: string;
}

/** Advanced: a draft's period and scheme, the scheme edited as JSON; the server's validation problems listed under it. */
function JsonDraftEditor(props: { initial?: SchemeVersionDto; template?: Scheme; onSaved: (v: SchemeVersionDto) => void; onCancel?: () => void }) {
  const t = useT();
  const en = t.lang === 'en';
  const qc = useQueryClient();
  const start = props.initial ?? null;
  const [text, setText] = useState(() => JSON.stringify(start?.scheme ?? props.template ?? {}, null, 2));
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(start ? [dayjs(start.validFrom), dayjs(start.validTo)] : [dayjs().startOf('year').add(1, 'year'), dayjs().endOf('year').add(1, 'year')]);
  const [problem, setProblem] = useState<{ message: string; details: IssueDetail[] } | null>(null);
  const save = useMutation({
    meta: { quiet: true },
    mutationFn: (body: SchemeDraftInput) => (start ? updateDraft(start.id, body) : createScheme(body)),
    onSuccess: (v) => {
      setProblem(null);
      void qc.invalidateQueries({ queryKey: mutualAidKeys.all });
      toast()?.success(t('ma.schemes.saved'));
      props.onSaved(v);
    },
    onError: (e) => setProblem({ message: errorText(e), details: isApiError(e) && Array.isArray(e.details) ? (e.details as IssueDetail[]) : [] }),
  });
  const submit = () => {
    let scheme: unknown;
    try {
      scheme = JSON.parse(text);
    } catch (e) {
      setProblem({ message: `${t('ma.schemes.badJson')}: ${(e as Error).message}`, details: [] });
      return;
    }
    if (!scheme || typeof scheme !== 'object' || Array.isArray(scheme)) {
      setProblem({ message: t('ma.schemes.badJson'), details: [] });
      return;
    }
    if (!range) {
      setProblem({ message: t('ma.schemes.periodRequired'), details: [] });
      return;
    }
    save.mutate({ validFrom: range[0].format('YYYY-MM-DD'), validTo: range[1].format('YYYY-MM-DD'), scheme: scheme as Record<string, unknown> });
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Alert type="info" showIcon message={t('ma.schemes.jsonHint')} />
      <Space wrap>
        <Typography.Text>{t('ma.schemes.period')}</Typography.Text>
        <DatePicker.RangePicker value={range} onChange={(v) => setRange(v && v[0] && v[1] ? [v[0], v[1]] : null)} allowClear={false} data-testid="ma-scheme-period" />
      </Space>
      <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} autoSize={{ minRows: 16, maxRows: 40 }} spellCheck={false} style={{ fontFamily: 'monospace', fontSize: 12 }} data-testid="ma-scheme-json" />
      {problem && <IssueListAlert type="error" message={problem.message} items={problem.details.map((d) => ({ path: d.path, text: en ? d.message : (d.messageZh ?? d.message) }))} testId="ma-scheme-errors" />}
      <Space>
        <Button type="primary" onClick={submit} loading={save.isPending} data-testid="ma-scheme-save">
          {t('ma.schemes.save')}
        </Button>
        {props.onCancel && <Button onClick={props.onCancel}>{t('ma.schemes.cancel')}</Button>}
      </Space>
    </Space>
  );
}

/** A version's scheme in the form, read only (a published version never changes; a draft is edited with "Edit"). */
function ReadOnlyScheme({ scheme }: { scheme: Scheme }) {
  const form = useMemo(() => schemeToForm(scheme), [scheme]);
  return <SchemeForm value={form} readOnly issues={[]} />;
}

function VersionDetail({ id, onSelect }: { id: string; onSelect: (id: string) => void }) {
  const t = useT();
  const en = t.lang === 'en';
  const l = (x: L) => (en ? x.en : x.zh);
  const { can } = useAuth();
  const qc = useQueryClient();
  const q = useSchemeVersion(id);
  const [editing, setEditing] = useState(false);
  useEffect(() => setEditing(false), [id]);
  const done = (v: SchemeVersionDto) => {
    void qc.invalidateQueries({ queryKey: mutualAidKeys.all });
    onSelect(v.id);
  };
  const publish = useMutation({ mutationFn: () => publishVersion(id), onSuccess: (v) => (toast()?.success(t('ma.schemes.published')), done(v)) });
  const copy = useMutation({ mutationFn: () => newDraftFrom(id), onSuccess: (v) => (toast()?.success(t('ma.schemes.drafted', { v: v.version })), done(v)) });
  if (q.isLoading) return <Spin />;
  if (q.error || !q.data) return <Alert type="error" showIcon message={errorText(q.error)} />;
  const v = q.data;
  const s = v.scheme;
  const manage = can(Permission.MutualAidManage);
  return (
    <Card
      title={`${l(s.name)}（${v.code} ${t('ma.schemes.versionN', { v: v.version })}）`}
      extra={
        manage && (
          <Space>
            {v.status === 'draft' && !editing && (
              <Button icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="ma-scheme-edit">
                {t('ma.schemes.edit')}
              </Button>
            )}
            {v.status === 'draft' && (
              <Popconfirm title={t('ma.schemes.publishConfirm')} onConfirm={() => publish.mutate()}>
                <Button type="primary" icon={<SendOutlined />} loading={publish.isPending} data-testid="ma-scheme-publish">
                  {t('ma.schemes.publish')}
                </Button>
              </Popconfirm>
            )}
            {v.status === 'published' && (
              <Button icon={<CopyOutlined />} onClick={() => copy.mutate()} loading={copy.isPending} data-testid="ma-scheme-new-draft">
                {t('ma.schemes.newDraft')}
              </Button>
            )}
          </Space>
        )
      }
    >
      <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
        <Descriptions.Item label={t('ma.schemes.status')}>
          <Tag color={v.status === 'published' ? 'green' : 'gold'}>{l(SCHEME_VERSION_STATUS_LABELS[v.status])}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('ma.schemes.period')}>
          {v.validFrom} ~ {v.validTo}
        </Descriptions.Item>
        <Descriptions.Item label={t('ma.schemes.org')}>{v.orgName}</Descriptions.Item>
        <Descriptions.Item label={t('ma.schemes.region')}>{v.regionCode}</Descriptions.Item>
        <Descriptions.Item label={t('ma.schemes.created')}>
          {v.createdByName} · {formatDateTime(v.createdAt)}
          {v.basedOnVersion !== null && ` · ${t('ma.schemes.basedOn', { v: v.basedOnVersion })}`}
        </Descriptions.Item>
        <Descriptions.Item label={t('ma.schemes.publishedAt')}>{v.publishedAt ? `${v.publishedByName ?? ''} · ${formatDateTime(v.publishedAt)}` : '—'}</Descriptions.Item>
      </Descriptions>
      {v.status === 'published' && <Alert style={{ marginTop: 12 }} type="success" showIcon message={t('ma.schemes.immutable')} />}
      {editing ? (
        <div style={{ marginTop: 16 }}>
          <Tabs
            items={[
              { key: 'form', label: t('msf.tab.form'), children: <SchemeEditor initial={v} onSaved={(x) => (setEditing(false), done(x))} onCancel={() => setEditing(false)} /> },
              { key: 'json', label: t('msf.tab.json'), children: <JsonDraftEditor initial={v} onSaved={(x) => (setEditing(false), done(x))} onCancel={() => setEditing(false)} /> },
            ]}
          />
        </div>
      ) : (
        <Tabs
          style={{ marginTop: 8 }}
          items={[
            { key: 'form', label: t('msf.tab.form'), children: <ReadOnlyScheme scheme={s} /> },
            {
              key: 'summary',
              label: t('msf.tab.summary'),
              children: (
                <>
                  <Typography.Title level={5} style={{ marginTop: 16 }}>
                    {t('ma.schemes.contributions')}
                  </Typography.Title>
                  <Table
                    size="small"
                    rowKey={(_r, i) => String(i)}
                    pagination={false}
                    dataSource={s.contributions}
                    data-testid="ma-scheme-contributions"
                    columns={[
                      { title: t('ma.schemes.memberStatus'), render: (_x, r) => l(MEMBER_STATUS_LABELS[r.memberStatus]) },
                      { title: t('ma.schemes.payer'), render: (_x, r) => l(PAYER_LABELS[r.payer]) },
                      { title: t('ma.schemes.basis'), render: (_x, r) => l(CONTRIBUTION_BASIS_LABELS[r.basis]) },
                      { title: t('ma.schemes.amount'), align: 'right', render: (_x, r) => formatFen(r.amountFen) },
                      { title: t('ma.schemes.note'), dataIndex: 'note' },
                    ]}
                  />
                  <Typography.Title level={5} style={{ marginTop: 16 }}>
                    {t('ma.schemes.plans')}
                    {s.maxPlansPerMember ? <Typography.Text type="secondary"> · {t('ma.schemes.maxPlans', { n: s.maxPlansPerMember })}</Typography.Text> : null}
                  </Typography.Title>
                  <Table
                    size="small"
                    rowKey="code"
                    pagination={false}
                    dataSource={s.plans}
                    data-testid="ma-scheme-plans"
                    columns={[
                      { title: t('ma.schemes.plan'), render: (_x, p) => `${l(p.name)}（${p.code}）` },
                      { title: t('ma.sim.kind'), render: (_x, p) => l(PLAN_KIND_LABELS[p.kind]) },
                      { title: t('ma.schemes.trigger'), render: (_x, p) => l(TRIGGER_LABELS[p.trigger]) },
                      {
                        title: t('ma.schemes.rules'),
                        render: (_x, p) => (
                          <ul style={{ margin: 0, paddingLeft: 16 }}>
                            {planRules(p, l).map((line, i) => (
                              <li key={i}>{line}</li>
                            ))}
                          </ul>
                        ),
                      },
                    ]}
                  />
                </>
              ),
            },
            {
              key: 'json',
              label: t('msf.tab.json'),
              children: (
                <pre style={{ fontSize: 12, maxHeight: 480, overflow: 'auto', background: 'rgba(0,0,0,0.03)', padding: 12 }} data-testid="ma-scheme-json-view">
                  {JSON.stringify(s, null, 2)}
                </pre>
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}

const TEMPLATE: Scheme = {
  code: 'NEW',
  name: { zh: '新互助方案', en: 'New mutual-aid scheme' },
  regionCode: '52',
  version: 1,
  period: { kind: 'calendar_year' },
  contributions: [{ memberStatus: 'any', basis: 'per_member', payer: 'worker', amountFen: 10000 }],
  plans: [
    {
      code: 'inpatient',
      name: { zh: '住院医疗互助', en: 'Inpatient mutual aid' },
      kind: 'ratio',
      trigger: 'inpatient_stay',
      base: 'out_of_pocket',
      bandScope: 'claim',
      ratio: [{ memberStatus: 'any', bands: [{ fromFen: 0, rateBp: 5000 }] }],
    },
  ],
};

/** 互助方案: schemes and their versions, a version's rules in the form (read only once published) and as tables; drafts edited in the form (or as JSON) and published. */
export default function SchemesPage() {
  const t = useT();
  const en = t.lang === 'en';
  const l = (x: L) => (en ? x.en : x.zh);
  const { can } = useAuth();
  const list = useSchemesWithDrafts();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const rows = useMemo(() => (list.data?.items ?? []).flatMap((s) => [...s.versions].reverse()), [list.data]);
  const selected = params.get('v') ?? rows[0]?.id ?? null;
  const select = (id: string) => setParams({ v: id }, { replace: true });

  return (
    <Row gutter={16}>
      <Col xs={24} xl={8}>
        <Card
          title={t('ma.schemes.title')}
          extra={
            can(Permission.MutualAidManage) && (
              <Button icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="ma-scheme-create">
                {t('ma.schemes.create')}
              </Button>
            )
          }
        >
          <Typography.Paragraph type="secondary">{t('ma.schemes.intro')}</Typography.Paragraph>
          <Table<SchemeVersionSummaryDto>
            size="small"
            rowKey="id"
            loading={list.isLoading}
            dataSource={rows}
            pagination={false}
            data-testid="ma-scheme-versions"
            locale={{ emptyText: <Empty description={list.error ? errorText(list.error) : undefined} /> }}
            onRow={(r) => ({ onClick: () => select(r.id), style: { cursor: 'pointer', background: r.id === selected ? 'rgba(22,119,255,0.08)' : undefined } })}
            columns={[
              { title: t('ma.sim.scheme'), render: (_x, r) => `${l(r.name)}（${r.code}）` },
              { title: t('ma.schemes.version'), dataIndex: 'version', width: 64 },
              { title: t('ma.schemes.status'), width: 88, render: (_x, r) => <Tag color={r.status === 'published' ? 'green' : 'gold'}>{l(SCHEME_VERSION_STATUS_LABELS[r.status])}</Tag> },
              { title: t('ma.schemes.period'), render: (_x, r) => `${r.validFrom} ~ ${r.validTo}` },
              { title: t('ma.schemes.org'), dataIndex: 'orgName', responsive: ['xxl'] },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={16}>{selected ? <VersionDetail id={selected} onSelect={select} /> : <Card><Empty /></Card>}</Col>
      <Modal open={creating} title={t('ma.schemes.create')} footer={null} width={1080} onCancel={() => setCreating(false)} destroyOnHidden>
        <Tabs
          items={[
            { key: 'form', label: t('msf.tab.form'), children: <SchemeEditor template={TEMPLATE} onSaved={(v) => (setCreating(false), select(v.id))} onCancel={() => setCreating(false)} /> },
            { key: 'json', label: t('msf.tab.json'), children: <JsonDraftEditor template={TEMPLATE} onSaved={(v) => (setCreating(false), select(v.id))} onCancel={() => setCreating(false)} /> },
          ]}
        />
      </Modal>
    </Row>
  );
}
