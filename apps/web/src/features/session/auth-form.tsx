'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';

interface AuthFormProps {
  mode: 'sign-in' | 'sign-up';
}

/** Sign-in and sign-up: posts to the dashboard's session route, which keeps the token in an httpOnly cookie. */
export function AuthForm({ mode }: AuthFormProps) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const signUp = mode === 'sign-up';

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const response = await fetch(`/session/${mode}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(Object.fromEntries(form)),
      });
      const body = (await response.json().catch(() => ({}))) as { ok?: boolean; error?: string };
      if (!response.ok || !body.ok) {
        setError(body.error ?? `The request failed (${response.status}).`);
        return;
      }
      router.replace(signUp ? '/teams/new' : '/');
      router.refresh();
    } catch {
      setError('The dashboard could not be reached; check your connection and try again.');
    } finally {
      setPending(false);
    }
  }

  return (
    <main className="auth">
      <div className="card">
        <h1>{signUp ? 'Create your account' : 'Sign in to TransferLab'}</h1>
        <p className="muted">{signUp ? 'Train image classifiers with your team.' : 'Welcome back.'}</p>
        <form onSubmit={submit} noValidate={false}>
          {signUp ? (
            <div className="field">
              <label htmlFor="name">Name</label>
              <input id="name" name="name" autoComplete="name" />
            </div>
          ) : null}
          <div className="field">
            <label htmlFor="email">Email</label>
            <input id="email" name="email" type="email" autoComplete="email" required />
          </div>
          <div className="field">
            <label htmlFor="password">Password</label>
            <input id="password" name="password" type="password" autoComplete={signUp ? 'new-password' : 'current-password'} minLength={signUp ? 10 : undefined} required aria-describedby={signUp ? 'password-hint' : undefined} />
            {signUp ? (
              <span id="password-hint" className="hint">
                At least 10 characters; a few words make a good one.
              </span>
            ) : null}
          </div>
          {error ? (
            <p className="alert error" role="alert">
              {error}
            </p>
          ) : null}
          <button type="submit" className="primary" disabled={pending}>
            {pending ? 'Please wait…' : signUp ? 'Sign up' : 'Sign in'}
          </button>
        </form>
        <p className="small muted">
          {signUp ? (
            <>
              Already have an account? <Link href="/sign-in">Sign in</Link>
            </>
          ) : (
            <>
              New here? <Link href="/sign-up">Create an account</Link>
            </>
          )}
        </p>
      </div>
    </main>
  );
}
