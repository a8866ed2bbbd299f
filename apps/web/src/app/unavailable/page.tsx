import type { Metadata } from 'next';
import { connection } from 'next/server';
import { env } from '@/env';

export const metadata: Metadata = { title: 'API unavailable' };

// Where pages send the user when the API cannot be reached: production builds hide server error
// messages, so this says it in words, with the way back.
export default async function UnavailablePage({ searchParams }: { searchParams: Promise<{ from?: string }> }) {
  await connection();
  const { from } = await searchParams;
  const back = from?.startsWith('/') && !from.startsWith('//') ? from : '/';
  return (
    <main className="page" style={{ maxWidth: 640 }}>
      <div className="card" role="alert">
        <h1>The TransferLab API cannot be reached</h1>
        <p>
          The dashboard could not connect to the API at <code>{env().apiUrl}</code>. Start it (for example with <code>npm start</code> at the repository root) or set <code>TRANSFERLAB_API_URL</code>, then try again.
        </p>
        <a className="button primary" href={back}>
          Try again
        </a>
      </div>
    </main>
  );
}
