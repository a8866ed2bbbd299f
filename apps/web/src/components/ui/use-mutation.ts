'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ApiError } from '@/lib/api/api-error';

/**
 * Runs a mutation from a form or button: tracks pending, keeps the API's message (and per-field
 * messages) for display, and re-renders the page's server components afterwards.
 */
export function useMutation() {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  async function run<T>(action: () => Promise<T>, { refresh = true } = {}): Promise<T | undefined> {
    setPending(true);
    setError(null);
    try {
      const result = await action();
      if (refresh) router.refresh();
      return result;
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(e instanceof Error ? e.message : String(e), 'UNKNOWN'));
      return undefined;
    } finally {
      setPending(false);
    }
  }

  return { run, pending, error, clearError: () => setError(null) };
}
