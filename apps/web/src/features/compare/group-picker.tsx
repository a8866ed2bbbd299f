import Link from 'next/link';
import type { RunGroupKind } from '@/generated/graphql';
import { formatDateTime } from '@/lib/format';

const KIND_LABEL: Record<RunGroupKind, string> = { LADDER: 'Ladder', SWEEP: 'Sweep' };

interface GroupPickerProps {
  teamId: string;
  groups: { id: string; kind: RunGroupKind; name: string | null; createdAt: string; runs: { id: string }[] }[];
  selected: string | null;
}

/** The team's groups (ladders and sweeps), each a link that compares all its runs at once. */
export function GroupPicker({ teamId, groups, selected }: GroupPickerProps) {
  if (groups.length === 0) return null;
  return (
    <nav aria-label="Compare a group" className="stack">
      <h3 className="small">Or a whole group</h3>
      <ul className="small" style={{ display: 'flex', flexWrap: 'wrap', gap: '0.25rem 1rem', listStyle: 'none', padding: 0, margin: 0 }}>
        {groups.map((group) => (
          <li key={group.id}>
            <Link href={`/teams/${teamId}/compare?group=${group.id}`} aria-current={group.id === selected ? 'page' : undefined}>
              {KIND_LABEL[group.kind]} {group.name ?? formatDateTime(group.createdAt)} ({group.runs.length} runs)
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
