import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="page">
      <div className="card empty" role="region" aria-labelledby="not-found-title">
        <h1 id="not-found-title">Not found</h1>
        <p>This page does not exist, or it belongs to a team you are not a member of.</p>
        <p>
          <Link href="/">Go to your teams</Link>
        </p>
      </div>
    </main>
  );
}
