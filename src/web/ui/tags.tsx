import type { ReactNode } from 'react';
import { Tag, Typography } from 'antd';
import { ROLE_LABELS, type Role } from '../../contracts/auth';
import { GRASSROOTS_SUBTYPE_LABELS, ORG_KIND_LABELS, type OrgKind } from '../../contracts/orgs';
import { type Translator, useT } from '../app/i18n';

export const ORG_KIND_COLORS: Record<OrgKind, string> = {
  province: 'red',
  city: 'volcano',
  county: 'orange',
  grassroots: 'blue',
  industry: 'purple',
  third_party: 'cyan',
};

const ROLE_COLORS: Partial<Record<Role, string>> = {
  admin: 'red',
  reviewer: 'gold',
  cadre: 'blue',
  investigator: 'cyan',
  finance: 'green',
  auditor: 'purple',
};

export function roleLabel(t: Translator, role: string): string {
  return t.label(ROLE_LABELS[role as Role], role);
}

export function orgKindLabel(t: Translator, kind: string): string {
  return t.label(ORG_KIND_LABELS[kind as OrgKind], kind);
}

export function subtypeLabel(t: Translator, subtype: string | null | undefined): string {
  if (!subtype) return '';
  return t.label(GRASSROOTS_SUBTYPE_LABELS[subtype as keyof typeof GRASSROOTS_SUBTYPE_LABELS], subtype);
}

export function OrgKindTag({ kind, subtype }: { kind: string; subtype?: string | null }) {
  const t = useT();
  const sub = subtypeLabel(t, subtype);
  return (
    <Tag color={ORG_KIND_COLORS[kind as OrgKind] ?? 'default'} style={{ marginInlineEnd: 0 }}>
      {orgKindLabel(t, kind)}
      {sub ? ` · ${sub}` : ''}
    </Tag>
  );
}

export function RoleTags({ roles }: { roles: readonly string[] }) {
  const t = useT();
  return (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }}>
      {roles.map((r) => (
        <Tag key={r} color={ROLE_COLORS[r as Role] ?? 'default'} style={{ marginInlineEnd: 0 }}>
          {roleLabel(t, r)}
        </Tag>
      ))}
    </span>
  );
}

/** A masked personal value in a monospace font; a dash when absent. */
export function MaskedText({ value }: { value: string | null | undefined }) {
  if (!value) return <Typography.Text type="secondary">—</Typography.Text>;
  return <span style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', whiteSpace: 'nowrap' }}>{value}</span>;
}

export function Mono({ children }: { children: ReactNode }) {
  return <span style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' }}>{children}</span>;
}
