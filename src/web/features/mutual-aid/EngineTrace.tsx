import { Timeline, Typography } from 'antd';
import type { TraceStepDto } from '../../../contracts/mutual-aid';
import { useT } from '../../app/i18n';

/**
 * The engine's trace, one timeline item per step: the step's name above its text in the UI language; the result step
 * green when the claim was paid and grey when a reason stopped it.
 */
export function EngineTrace({ trace, stopped }: { trace: readonly Pick<TraceStepDto, 'step' | 'zh' | 'en'>[]; stopped: boolean }) {
  const t = useT();
  const en = t.lang === 'en';
  return (
    <Timeline
      items={trace.map((s) => ({
        color: s.step === 'result' ? (stopped ? 'gray' : 'green') : 'blue',
        content: (
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t.maybe(`ma.step.${s.step}`, s.step)}
            </Typography.Text>
            <div>{en ? s.en : s.zh}</div>
          </div>
        ),
      }))}
    />
  );
}
