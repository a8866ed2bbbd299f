import Link from 'next/link';
import { personName } from '@/lib/format';
import { TeamSwitcher } from './team-switcher';

interface AppHeaderProps {
  me: { email: string; name: string | null; teams: { id: string; name: string }[] };
}

export function AppHeader({ me }: AppHeaderProps) {
  return (
    <header className="app-header">
      <Link href="/" className="brand">
        TransferLab
      </Link>
      <TeamSwitcher teams={me.teams} />
      <span className="spacer" />
      <span className="who" data-testid="signed-in-as">
        {personName(me)}
      </span>
      <form method="post" action="/session/sign-out">
        <button type="submit">Sign out</button>
      </form>
    </header>
  );
}
