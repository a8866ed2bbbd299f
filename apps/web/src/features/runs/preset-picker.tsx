import type { Strategy } from '@/generated/graphql';
import { PRESETS, type Preset } from '@/lib/run-config/presets';

export function PresetPicker({ strategy, onPick }: { strategy: Strategy; onPick: (preset: Preset) => void }) {
  return (
    <fieldset>
      <legend>Strategy</legend>
      <div className="grid-2" style={{ gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))' }}>
        {PRESETS.map((preset) => {
          const id = `preset-${preset.strategy}`;
          return (
            <div key={preset.strategy} className="card" style={{ borderColor: strategy === preset.strategy ? 'var(--accent)' : undefined }}>
              <label style={{ cursor: 'pointer' }}>
                <input type="radio" name="strategy" value={preset.strategy} checked={strategy === preset.strategy} onChange={() => onPick(preset)} aria-describedby={`${id}-description`} /> {preset.title}
              </label>
              <p id={`${id}-description`} className="muted small" style={{ margin: '0.25rem 0 0' }}>
                {preset.description}
              </p>
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
