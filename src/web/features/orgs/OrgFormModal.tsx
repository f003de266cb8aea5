import { useMutation } from '@tanstack/react-query';
import { Alert, Form, Input, Modal, Radio, Select } from 'antd';
import { ALLOWED_PARENTS, FEDERATION_KINDS, GRASSROOTS_SUBTYPE_LABELS, GRASSROOTS_SUBTYPES, MANUAL_KINDS, type OrgDto, type OrgKind } from '../../../contracts/orgs';
import { useT } from '../../app/i18n';
import { applyFormError, toast } from '../../ui/feedback';
import { orgKindLabel } from '../../ui/tags';
import { createOrg, updateOrg, type CreateOrgInput } from './api';
import { RegionPicker } from './RegionPicker';

type ManualKind = (typeof MANUAL_KINDS)[number];

interface Values {
  kind?: ManualKind;
  subtype?: string;
  name: string;
  regionCode?: string;
  code?: string;
}

const FIELDS = ['kind', 'subtype', 'name', 'regionCode', 'code'];

export function isFederation(kind: string): boolean {
  return (FEDERATION_KINDS as readonly string[]).includes(kind);
}

/** Kinds a person may create under a parent of this kind. */
export function childKindsOf(parentKind: OrgKind): ManualKind[] {
  return MANUAL_KINDS.filter((k) => ALLOWED_PARENTS[k].includes(parentKind));
}

/** The division a child's region must lie in: the federation's own, or the industry union's province. */
export function divisionFor(parent: Pick<OrgDto, 'kind' | 'regionCode'> | null | undefined, fallback = '52'): string {
  const code = parent?.regionCode;
  if (!code) return fallback;
  if (parent.kind === 'industry') return code.slice(0, 2);
  return code;
}

const ORG_CODE_RE = /^[A-Za-z0-9][A-Za-z0-9-]{1,31}$/;

/**
 * Creates a sub-organisation under `parent`, or edits `org` (whose parent, when known, bounds the
 * region). Federations keep their region: they are generated from the divisions.
 */
export function OrgFormModal({
  open,
  onClose,
  onDone,
  parent,
  org,
}: {
  open: boolean;
  onClose: () => void;
  onDone: (org: OrgDto) => void;
  parent?: OrgDto | null;
  org?: OrgDto | null;
}) {
  const t = useT();
  const [form] = Form.useForm<Values>();
  const editing = !!org;
  const kinds = parent && !editing ? childKindsOf(parent.kind) : [];
  const kind = Form.useWatch('kind', form) ?? org?.kind;

  const initialValues: Partial<Values> =
    editing && org
      ? { name: org.name, subtype: org.subtype ?? undefined, regionCode: org.regionCode ?? undefined }
      : { kind: kinds[0], regionCode: parent?.regionCode ?? undefined };

  const save = useMutation({
    meta: { quiet: true },
    mutationFn: async (v: Values) => {
      if (editing && org) {
        const body: { name?: string; subtype?: string | null; regionCode?: string } = {};
        if (v.name.trim() !== org.name) body.name = v.name.trim();
        if (org.kind === 'grassroots' && (v.subtype ?? null) !== org.subtype) body.subtype = v.subtype ?? null;
        if (!isFederation(org.kind) && v.regionCode && v.regionCode !== org.regionCode) body.regionCode = v.regionCode;
        if (!Object.keys(body).length) return org;
        return updateOrg(org.id, body);
      }
      const body: CreateOrgInput = {
        name: v.name.trim(),
        kind: v.kind!,
        parentId: parent!.id,
        regionCode: v.regionCode!,
        ...(v.kind === 'grassroots' && v.subtype ? { subtype: v.subtype } : {}),
        ...(v.code?.trim() ? { code: v.code.trim() } : {}),
      };
      return createOrg(body);
    },
    onSuccess: (o) => {
      toast()?.success(editing ? t('common.saved') : t('org.created', { name: o.name }));
      onDone(o);
    },
    onError: (e) => applyFormError(form, e, FIELDS),
  });

  const within = editing ? divisionFor(parent, org?.regionCode?.slice(0, 2)) : divisionFor(parent);

  return (
    <Modal
      open={open}
      title={editing ? t('org.editTitle') : t('org.createTitle', { parent: parent?.name ?? '' })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={save.isPending}
      destroyOnHidden
      width={560}
    >
      <Form<Values> form={form} layout="vertical" initialValues={initialValues} onFinish={(v) => save.mutate(v)} preserve={false} style={{ marginTop: 12 }}>
        {!editing && (
          <Form.Item name="kind" label={t('org.kind')} rules={[{ required: true, message: t('common.selectRequired', { field: t('org.kind') }) }]}>
            <Radio.Group optionType="button" buttonStyle="solid" options={kinds.map((k) => ({ value: k, label: orgKindLabel(t, k) }))} />
          </Form.Item>
        )}
        <Form.Item
          name="name"
          label={t('org.name')}
          rules={[
            { required: true, whitespace: true, message: t('common.required', { field: t('org.name') }) },
            { min: 2, max: 100, message: t('org.nameLength') },
          ]}
        >
          <Input id="org-name" maxLength={100} showCount />
        </Form.Item>
        {kind === 'grassroots' && (
          <Form.Item name="subtype" label={t('org.subtype')}>
            <Select allowClear options={GRASSROOTS_SUBTYPES.map((s) => ({ value: s, label: t.label(GRASSROOTS_SUBTYPE_LABELS[s]) }))} />
          </Form.Item>
        )}
        {!(editing && org && isFederation(org.kind)) && (
          <Form.Item
            name="regionCode"
            label={t('org.region')}
            extra={t('org.regionHint')}
            rules={[{ required: true, message: t('common.selectRequired', { field: t('org.region') }) }]}
          >
            <RegionPicker within={within} id="org-region" />
          </Form.Item>
        )}
        {!editing && (
          <Form.Item name="code" label={t('org.code')} extra={t('org.codeHint')} rules={[{ pattern: ORG_CODE_RE, message: t('org.codeInvalid') }]}>
            <Input id="org-code" maxLength={32} />
          </Form.Item>
        )}
        {editing && org && isFederation(org.kind) && <Alert type="info" showIcon title={t('org.federationFixed')} />}
      </Form>
    </Modal>
  );
}
