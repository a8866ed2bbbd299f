import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { MeDocument } from '@/graphql/session';
import { loadPage } from '@/lib/api/server-graphql';
import { LAST_TEAM_COOKIE } from '@/lib/api/session-cookie';

// The front door: sign in, create a first team, or open the team used last.
export default async function Home() {
  const { me } = await loadPage(MeDocument, {});
  if (!me) redirect('/sign-in');
  if (me.teams.length === 0) redirect('/teams/new');
  const last = (await cookies()).get(LAST_TEAM_COOKIE)?.value;
  const team = me.teams.find((t) => t.id === last) ?? me.teams[0]!;
  redirect(`/teams/${team.id}/runs`);
}
