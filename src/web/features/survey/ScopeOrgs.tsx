import { Space, Tag } from 'antd';
import { useState } from 'react';
import { useT } from '../../app/i18n';
import { OrgTreeSelect } from '../orgs/OrgTreeSelect';

/** A list of orgs picked one at a time from the actor's tree (a campaign's scope). */
export function ScopeOrgs({ value = [], onChange, names = {}, disabled }: { value?: string[]; onChange?: (v: string[]) => void; names?: Record<string, string>; disabled?: boolean }) {
  const t = useT();
  const [known, setKnown] = useState<Record<string, string>>(names);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="survey-scope">
      <Space wrap>
        {value.map((id) => (
          <Tag key={id} closable={!disabled} onClose={() => onChange?.(value.filter((x) => x !== id))}>
            {known[id] ?? names[id] ?? id.slice(0, 8)}
          </Tag>
        ))}
      </Space>
      {!disabled && (
        <OrgTreeSelect
          value={null}
          placeholder={t('survey.scopeAdd')}
          data-testid="survey-scope-add"
          style={{ width: '100%' }}
          onChange={(id, org) => {
            if (!id || value.includes(id)) return;
            setKnown((k) => ({ ...k, [id]: org?.name ?? id }));
            onChange?.([...value, id]);
          }}
        />
      )}
    </Space>
  );
}
