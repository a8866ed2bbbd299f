import { redirect } from 'next/navigation';

export default async function TeamHome({ params }: { params: Promise<{ teamId: string }> }) {
  redirect(`/teams/${(await params).teamId}/runs`);
}
