import type { Metadata } from 'next';
import { CreateTeamForm } from '@/features/teams/create-team-form';

export const metadata: Metadata = { title: 'New team' };

export default function NewTeamPage() {
  return (
    <main className="page" style={{ maxWidth: 560 }}>
      <div className="card">
        <h1>Create a team</h1>
        <p className="muted">A team shares datasets, runs and models. You will be its owner and can invite others.</p>
        <CreateTeamForm />
      </div>
    </main>
  );
}
