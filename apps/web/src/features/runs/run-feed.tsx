'use client';

import { useEffect } from 'react';
import { useLiveRun, type RunDetail } from './use-live-run';

/** Keeps one run live (the run page's subscription) and hands each change to a page of many runs (a group's). */
export function RunFeed({ initial, onChange }: { initial: RunDetail; onChange: (run: RunDetail) => void }) {
  const { run } = useLiveRun(initial);
  useEffect(() => onChange(run), [run, onChange]);
  return null;
}
