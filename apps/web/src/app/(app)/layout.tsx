import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { AppHeader } from '@/features/shell/app-header';
import { MeDocument } from '@/graphql/session';
import { loadPage } from '@/lib/api/server-graphql';

// Every signed-in page: the header with the team switcher and sign-out.
export default async function AppLayout({ children }: { children: ReactNode }) {
  const { me } = await loadPage(MeDocument, {});
  if (!me) redirect('/sign-in');
  return (
    <>
      <AppHeader me={me} />
      {children}
    </>
  );
}
