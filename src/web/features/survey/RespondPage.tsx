import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, DatePicker, Descriptions, Form, Input, InputNumber, Radio, Result, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { FOUR_LOOKS, FOUR_LOOK_KEYS } from '../../../contracts/registry';
import { isApiError } from '../../app/api';
import { useT } from '../../app/i18n';
import { showError, toast } from '../../ui/feedback';
import { formatDateTime, formatFen } from '../../ui/format';
import { LoadError } from '../../ui/results';
import { YuanInput, yuanRule } from '../registry/inputs';
import { getAssignment, getCampaign, getResponse, listAssignments, submitResponse, surveyKeys, updateResponse, type Question, type ResponseDto } from './api';
import { toApiAnswers, toFormAnswers, type FormAnswers } from './answers';

/** The id of a response being submitted is kept until it is stored, so a retry over a flaky network sends the same one. */
function pendingId(assignmentId: string): string {
  const k = `survey-response-${assignmentId}`;
  const had = sessionStorage.getItem(k);
  if (had) return had;
  const id = crypto.randomUUID();
  sessionStorage.setItem(k, id);
  return id;
}

/** The phone-width questionnaire for one assigned household (works at 390 px). */
export default function RespondPage() {
  const { id = '', assignmentId = '' } = useParams();
  const t = useT();
  const nav = useNavigate();
  const qc = useQueryClient();
  const [form] = Form.useForm<FormAnswers>();
  const campaign = useQuery({ queryKey: surveyKeys.campaign(id), queryFn: () => getCampaign(id) });
  const assignment = useQuery({ queryKey: surveyKeys.assignment(id, assignmentId), queryFn: () => getAssignment(id, assignmentId) });
  const responseId = assignment.data?.responseId ?? null;
  const stored = useQuery({ queryKey: surveyKeys.response(responseId ?? ''), queryFn: () => getResponse(responseId!), enabled: !!responseId });
  const [done, setDone] = useState<ResponseDto | null>(null);
  const questions = useMemo(() => campaign.data?.questions ?? [], [campaign.data]);
  const current = done ?? stored.data ?? null;

  useEffect(() => {
    if (stored.data && questions.length) form.setFieldsValue(toFormAnswers(questions, stored.data.answers));
  }, [stored.data, questions, form]);

  const save = useMutation({
    meta: { quiet: true },
    mutationFn: async (values: FormAnswers) => {
      const answers = toApiAnswers(questions, values);
      if (current) return updateResponse(current.id, answers, current.version);
      return submitResponse(id, { id: pendingId(assignmentId), assignmentId, answers });
    },
    onSuccess: (r) => {
      sessionStorage.removeItem(`survey-response-${assignmentId}`);
      setDone(r);
      qc.setQueryData(surveyKeys.response(r.id), r);
      void qc.invalidateQueries({ queryKey: ['survey', 'assignments'] });
      void qc.invalidateQueries({ queryKey: surveyKeys.assignment(id, assignmentId) });
      toast()?.success(t('survey.form.submitted'));
      window.scrollTo({ top: 0 });
    },
    onError: (e) => {
      // validation names the question: answers.<key>
      if (isApiError(e) && Array.isArray(e.details)) {
        const fields = (e.details as Array<{ path?: string; message?: string; messageZh?: string }>)
          .filter((d) => d.path?.startsWith('answers.'))
          .map((d) => ({ name: d.path!.slice('answers.'.length), errors: [(t.lang === 'en' ? d.message : d.messageZh) ?? e.message] }));
        if (fields.length) {
          form.setFields(fields);
          form.scrollToField(fields[0].name);
          return;
        }
      }
      showError(e);
    },
  });

  const next = useMutation({
    mutationFn: () => listAssignments(id, { mine: 'true', answered: 'false' }),
    onSuccess: (p) => {
      const n = p.items.find((a) => a.id !== assignmentId);
      if (n) {
        setDone(null);
        form.resetFields();
        nav(`/surveys/${id}/respond/${n.id}`);
      } else nav(`/surveys/${id}/mine`);
    },
    onError: showError,
  });

  const err = campaign.error ?? assignment.error ?? stored.error;
  if (err) return <LoadError error={err} />;
  const c = campaign.data;
  const a = assignment.data;
  if (!c || !a || (responseId && !stored.data)) return <Card loading style={{ maxWidth: 440, margin: '0 auto' }} />;
  const editable = c.status === 'open';

  return (
    <div style={{ maxWidth: 440, margin: '0 auto' }} data-testid="survey-respond">
      <Card size="small" title={c.name} extra={<Link to={`/surveys/${c.id}/mine`}>{t('survey.form.backToList')}</Link>} style={{ marginBottom: 12 }}>
        <Descriptions
          column={1}
          size="small"
          items={[
            { label: t('survey.worker'), children: a.workerName },
            { label: t('survey.archiveNo'), children: a.archiveNo ?? '—' },
            { label: t('survey.address'), children: a.address },
            { label: t('survey.org'), children: `${a.orgName} · ${a.regionName ?? a.regionCode}` },
            { label: t('survey.team'), children: a.teamName },
          ]}
        />
      </Card>
      {done && (
        <Result
          status="success"
          title={t('survey.form.submitted')}
          data-testid="survey-respond-done"
          extra={[
            <Button key="next" type="primary" loading={next.isPending} onClick={() => next.mutate()} data-testid="survey-next">
              {t('survey.form.next')}
            </Button>,
            <Button key="back" onClick={() => nav(`/surveys/${id}/mine`)}>
              {t('survey.form.backToList')}
            </Button>,
          ]}
        />
      )}
      {current && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }} data-testid="survey-respond-signers">
          {t('survey.form.respondedBy', { name: current.respondedBy.name, at: formatDateTime(current.respondedAt) })}
          {current.updatedBy && (
            <>
              <br />
              {t('survey.form.updatedBy', { name: current.updatedBy.name, at: formatDateTime(current.updatedAt) })}
            </>
          )}
        </Typography.Paragraph>
      )}
      {!editable && <Alert type="info" showIcon title={t('survey.form.closed')} style={{ marginBottom: 12 }} />}
      <Card size="small" title={t('survey.form.title')}>
        <Form form={form} layout="vertical" disabled={!editable || save.isPending} onFinish={(v) => save.mutate(v)} scrollToFirstError>
          {questions.map((q, i) => (
            <QuestionField key={q.key} q={q} index={i} />
          ))}
          {editable && (
            <Button type="primary" htmlType="submit" block size="large" loading={save.isPending} data-testid="survey-submit">
              {current ? t('survey.form.update') : t('survey.form.submit')}
            </Button>
          )}
        </Form>
      </Card>
    </div>
  );
}

function QuestionField({ q, index }: { q: Question; index: number }) {
  const t = useT();
  const label = `${index + 1}. ${t.label(q)}`;
  const required = { required: q.required, message: t('common.required', { field: t.label(q) }) };
  const testId = `survey-answer-${q.key}`;
  switch (q.type) {
    case 'single_choice':
      return (
        <Form.Item name={q.key} label={label} rules={[required]}>
          <Radio.Group data-testid={testId} style={{ display: 'flex', flexDirection: 'column', gap: 8 }} options={(q.options ?? []).map((o) => ({ value: o.value, label: t.label(o) }))} />
        </Form.Item>
      );
    case 'multiple_choice':
      return (
        <Form.Item name={q.key} label={label} rules={[{ ...required, type: 'array', min: q.required ? 1 : 0 }]}>
          <Checkbox.Group data-testid={testId} style={{ display: 'flex', flexDirection: 'column', gap: 8 }} options={(q.options ?? []).map((o) => ({ value: o.value, label: t.label(o) }))} />
        </Form.Item>
      );
    case 'number':
      return (
        <Form.Item name={q.key} label={label} rules={[required]}>
          <InputNumber style={{ width: '100%' }} min={q.min} max={q.max} precision={0} inputMode="numeric" data-testid={testId} />
        </Form.Item>
      );
    case 'money':
      return (
        <Form.Item
          name={q.key}
          label={label}
          extra={`${t('survey.form.yuanHint')}${q.max !== undefined ? ` · ≤ ${formatFen(q.max)}` : ''}`}
          rules={[yuanRule(t, { required: q.required, field: t.label(q), minFen: q.min, maxFen: q.max })]}
        >
          <YuanInput data-testid={testId} />
        </Form.Item>
      );
    case 'text':
      return (
        <Form.Item name={q.key} label={label} rules={[required, { max: 1000 }]}>
          <Input.TextArea rows={3} maxLength={1000} data-testid={testId} />
        </Form.Item>
      );
    case 'date':
      return (
        <Form.Item
          name={q.key}
          label={label}
          rules={[required]}
          getValueProps={(v: string | undefined) => ({ value: v ? dayjs(v) : undefined })}
          normalize={(v: dayjs.Dayjs | null) => (v ? v.format('YYYY-MM-DD') : undefined)}
        >
          <DatePicker style={{ width: '100%' }} inputReadOnly data-testid={testId} />
        </Form.Item>
      );
    case 'four_looks':
      return (
        <Form.Item label={label} required={q.required} style={{ marginBottom: 8 }}>
          <Space orientation="vertical" style={{ width: '100%' }} data-testid={testId}>
            {FOUR_LOOK_KEYS.map((k) => (
              <Form.Item key={k} name={[q.key, k]} label={t.label(FOUR_LOOKS[k])} rules={[{ required: q.required, message: t('common.selectRequired', { field: t.label(FOUR_LOOKS[k]) }) }]} style={{ marginBottom: 8 }}>
                <Radio.Group
                  style={{ display: 'flex', flexDirection: 'column', gap: 6 }}
                  data-testid={`${testId}-${k}`}
                  options={Object.entries(FOUR_LOOKS[k].options).map(([v, o]) => ({ value: v, label: `${t.label(o)}（${o.score}）` }))}
                />
              </Form.Item>
            ))}
          </Space>
        </Form.Item>
      );
  }
}
