'use client';

import { useSocketStatus } from '@/lib/live/use-subscription';

/** Whether live updates are flowing, so a quiet page is not mistaken for a stuck one. */
export function LiveStatus() {
  const status = useSocketStatus();
  return (
    <span className="live-dot" data-status={status} role="status">
      {status === 'live' ? 'Live' : status === 'reconnecting' ? 'Reconnecting…' : 'Connecting…'}
    </span>
  );
}
