'use client';

import { useEffect } from 'react';

// What a page shows when the API fails or cannot be reached: the reason, and a way to retry.
export default function PageError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => console.error(error), [error]);
  return (
    <main className="page">
      <div className="card" role="alert">
        <h1>Something went wrong</h1>
        <p>{error.message || 'The page could not be loaded.'}</p>
        {error.digest ? <p className="muted small">Reference: {error.digest}</p> : null}
        <button type="button" onClick={reset}>
          Try again
        </button>
      </div>
    </main>
  );
}
