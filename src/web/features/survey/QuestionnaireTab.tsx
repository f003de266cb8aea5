import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Col, Empty, Input, InputNumber, Row, Select, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { FOUR_LOOKS, FOUR_LOOK_KEYS } from '../../../contracts/registry';
import { QUESTION_TYPES, QUESTION_TYPE_LABELS, type QuestionType } from '../../../contracts/survey';
import { useT } from '../../app/i18n';
import { showError, toast } from '../../ui/feedback';
import { formatFen } from '../../ui/format';
import { putQuestionnaire, surveyKeys, type CampaignDto, type Question } from './api';

const CHOICE: QuestionType[] = ['single_choice', 'multiple_choice'];

function blank(n: number): Question {
  return { key: `q${n}`, type: 'single_choice', zh: '', en: '', required: false, options: [{ value: 'a', zh: '', en: '' }, { value: 'b', zh: '', en: '' }] };
}

/** Builds the questionnaire of a draft campaign; once the campaign opens it is shown read-only. */
export function QuestionnaireTab({ c }: { c: CampaignDto }) {
  const t = useT();
  const qc = useQueryClient();
  const editable = c.canManage && c.status === 'draft';
  const [qs, setQs] = useState<Question[]>(c.questions);
  const [dirty, setDirty] = useState(false);
  const save = useMutation({
    meta: { quiet: true },
    mutationFn: () => putQuestionnaire(c.id, qs.map(clean), c.version),
    onSuccess: (d) => {
      qc.setQueryData(surveyKeys.campaign(c.id), d);
      setQs(d.questions);
      setDirty(false);
      toast()?.success(t('common.saved'));
    },
    onError: showError,
  });
  const set = (i: number, patch: Partial<Question>) => {
    setQs((xs) => xs.map((q, j) => (j === i ? { ...q, ...patch } : q)));
    setDirty(true);
  };
  const move = (i: number, d: -1 | 1) => {
    setQs((xs) => {
      const out = [...xs];
      const [q] = out.splice(i, 1);
      out.splice(i + d, 0, q);
      return out;
    });
    setDirty(true);
  };
  if (!editable) {
    return (
      <Space orientation="vertical" style={{ width: '100%' }} data-testid="survey-questionnaire">
        {c.status !== 'draft' && <Alert type="info" showIcon title={t('survey.q.frozen')} />}
        {c.questions.length === 0 && <Empty description={t('survey.q.none')} />}
        {c.questions.map((q, i) => (
          <Card key={q.key} size="small" title={`${i + 1}. ${t.label(q)}`} extra={<Space>{q.required && <Tag color="red">{t('survey.q.required')}</Tag>}<Tag>{t.label(QUESTION_TYPE_LABELS[q.type])}</Tag></Space>}>
            {q.options?.map((o) => <Tag key={o.value}>{t.label(o)}</Tag>)}
            {q.type === 'four_looks' && <Typography.Text type="secondary">{t('survey.q.fourLooksHint')}</Typography.Text>}
            {(q.min !== undefined || q.max !== undefined) && (
              <Typography.Text type="secondary">
                {q.min !== undefined && `${t('survey.q.min')} ${q.type === 'money' ? formatFen(q.min) : q.min} `}
                {q.max !== undefined && `${t('survey.q.max')} ${q.type === 'money' ? formatFen(q.max) : q.max}`}
              </Typography.Text>
            )}
          </Card>
        ))}
      </Space>
    );
  }
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="survey-questionnaire">
      {qs.length === 0 && <Empty description={t('survey.q.none')} />}
      {qs.map((q, i) => (
        <Card
          key={i}
          size="small"
          data-testid={`survey-q-${i}`}
          title={`${i + 1}.`}
          extra={
            <Space>
              <Button size="small" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} />
              <Button size="small" icon={<ArrowDownOutlined />} disabled={i === qs.length - 1} onClick={() => move(i, 1)} />
              <Button
                size="small"
                danger
                icon={<DeleteOutlined />}
                onClick={() => {
                  setQs((xs) => xs.filter((_, j) => j !== i));
                  setDirty(true);
                }}
              />
            </Space>
          }
        >
          <Row gutter={[8, 8]}>
            <Col xs={24} md={6}>
              <Select
                style={{ width: '100%' }}
                value={q.type}
                data-testid={`survey-q-${i}-type`}
                options={QUESTION_TYPES.map((x) => ({ value: x, label: t.label(QUESTION_TYPE_LABELS[x]) }))}
                onChange={(type: QuestionType) =>
                  set(i, {
                    type,
                    options: CHOICE.includes(type) ? (q.options?.length ? q.options : blank(0).options) : undefined,
                    min: undefined,
                    max: undefined,
                    role: CHOICE.includes(type) ? q.role : undefined,
                    ...(type === 'four_looks' && !q.zh ? { zh: '四看法', en: 'Four looks' } : {}),
                  })
                }
              />
            </Col>
            <Col xs={24} md={4}>
              <Input prefix={t('survey.q.key')} value={q.key} onChange={(e) => set(i, { key: e.target.value.trim() })} data-testid={`survey-q-${i}-key`} />
            </Col>
            <Col xs={24} md={7}>
              <Input placeholder={t('survey.q.zh')} value={q.zh} onChange={(e) => set(i, { zh: e.target.value })} data-testid={`survey-q-${i}-zh`} />
            </Col>
            <Col xs={24} md={7}>
              <Input placeholder={t('survey.q.en')} value={q.en} onChange={(e) => set(i, { en: e.target.value })} data-testid={`survey-q-${i}-en`} />
            </Col>
            <Col span={24}>
              <Space wrap>
                <span>
                  {t('survey.q.required')} <Switch size="small" checked={q.required} onChange={(v) => set(i, { required: v })} data-testid={`survey-q-${i}-required`} />
                </span>
                {CHOICE.includes(q.type) && (
                  <Checkbox checked={q.role === 'assistance'} onChange={(e) => set(i, { role: e.target.checked ? 'assistance' : undefined })}>
                    {t('survey.q.assistance')}
                  </Checkbox>
                )}
                {(q.type === 'number' || q.type === 'money') && (
                  <>
                    <InputNumber
                      prefix={t('survey.q.min')}
                      value={q.min === undefined ? null : q.type === 'money' ? q.min / 100 : q.min}
                      precision={q.type === 'money' ? 2 : 0}
                      onChange={(v) => set(i, { min: v === null ? undefined : q.type === 'money' ? Math.round(Number(v) * 100) : Number(v) })}
                    />
                    <InputNumber
                      prefix={t('survey.q.max')}
                      value={q.max === undefined ? null : q.type === 'money' ? q.max / 100 : q.max}
                      precision={q.type === 'money' ? 2 : 0}
                      onChange={(v) => set(i, { max: v === null ? undefined : q.type === 'money' ? Math.round(Number(v) * 100) : Number(v) })}
                    />
                    {q.type === 'money' && <Typography.Text type="secondary">{t('survey.form.yuanHint')}</Typography.Text>}
                  </>
                )}
                {q.type === 'four_looks' && <Typography.Text type="secondary">{t('survey.q.fourLooksHint')}（{FOUR_LOOK_KEYS.map((k) => FOUR_LOOKS[k].zh).join('、')}）</Typography.Text>}
              </Space>
            </Col>
            {CHOICE.includes(q.type) && (
              <Col span={24}>
                <Typography.Text strong>{t('survey.q.options')}</Typography.Text>
                {(q.options ?? []).map((o, j) => (
                  <Row gutter={8} key={j} style={{ marginTop: 6 }}>
                    <Col xs={6} md={4}>
                      <Input placeholder={t('survey.q.optionValue')} value={o.value} onChange={(e) => set(i, { options: q.options!.map((x, k) => (k === j ? { ...x, value: e.target.value.trim() } : x)) })} data-testid={`survey-q-${i}-opt-${j}-value`} />
                    </Col>
                    <Col xs={8} md={9}>
                      <Input placeholder="中文" value={o.zh} onChange={(e) => set(i, { options: q.options!.map((x, k) => (k === j ? { ...x, zh: e.target.value } : x)) })} data-testid={`survey-q-${i}-opt-${j}-zh`} />
                    </Col>
                    <Col xs={8} md={9}>
                      <Input placeholder="English" value={o.en} onChange={(e) => set(i, { options: q.options!.map((x, k) => (k === j ? { ...x, en: e.target.value } : x)) })} data-testid={`survey-q-${i}-opt-${j}-en`} />
                    </Col>
                    <Col xs={2} md={2}>
                      <Button icon={<DeleteOutlined />} onClick={() => set(i, { options: q.options!.filter((_, k) => k !== j) })} />
                    </Col>
                  </Row>
                ))}
                <Button size="small" icon={<PlusOutlined />} style={{ marginTop: 6 }} onClick={() => set(i, { options: [...(q.options ?? []), { value: `o${(q.options?.length ?? 0) + 1}`, zh: '', en: '' }] })} data-testid={`survey-q-${i}-opt-add`}>
                  {t('survey.q.optionAdd')}
                </Button>
              </Col>
            )}
          </Row>
        </Card>
      ))}
      <Space>
        <Button
          icon={<PlusOutlined />}
          onClick={() => {
            setQs((xs) => [...xs, blank(xs.length + 1)]);
            setDirty(true);
          }}
          data-testid="survey-q-add"
        >
          {t('survey.q.add')}
        </Button>
        <Button type="primary" disabled={!dirty} loading={save.isPending} onClick={() => save.mutate()} data-testid="survey-q-save">
          {t('survey.q.save')}
        </Button>
      </Space>
    </Space>
  );
}

/** What the server takes: English falls back to Chinese, choice options only on choice questions. */
function clean(q: Question): Question {
  const out: Question = { key: q.key, type: q.type, zh: q.zh.trim(), en: q.en.trim() || q.zh.trim(), required: q.required };
  if (CHOICE.includes(q.type)) {
    out.options = (q.options ?? []).map((o) => ({ value: o.value, zh: o.zh.trim(), en: o.en.trim() || o.zh.trim() }));
    if (q.role) out.role = q.role;
  }
  if (q.type === 'number' || q.type === 'money') {
    if (q.min !== undefined) out.min = q.min;
    if (q.max !== undefined) out.max = q.max;
  }
  return out;
}
