'use client';

import { useEffect, useEffectEvent, useSyncExternalStore } from 'react';
import type { TypedDocumentString } from '@/generated/graphql';
import { onSocketConnected, socketClient, socketStatus, subscribeSocketStatus, type SocketStatus } from './socket-client';

interface SubscriptionHandlers<R> {
  onData: (data: R) => void;
  /** Each (re)connection, after the subscription is registered: the time to catch up by refetching. */
  onConnected?: () => void;
  onError?: (message: string) => void;
}

/** Subscribes while mounted; handlers may change between renders without resubscribing. */
export function useSubscription<R, V>(document: TypedDocumentString<R, V>, variables: V, handlers: SubscriptionHandlers<R>, enabled = true): void {
  const onData = useEffectEvent(handlers.onData);
  const onConnected = useEffectEvent(() => handlers.onConnected?.());
  const onError = useEffectEvent((message: string) => handlers.onError?.(message));
  const key = JSON.stringify(variables);
  const query = document.toString();

  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The server registers the subscription a moment after the connection is acknowledged;
    // catching up slightly later means nothing published in between is missed.
    const stopListening = onSocketConnected(() => {
      clearTimeout(timer);
      timer = setTimeout(() => onConnected(), 250);
    });
    const unsubscribe = socketClient().subscribe<R>(
      { query, variables: JSON.parse(key) as Record<string, unknown> },
      {
        next: (result) => {
          if (result.data) onData(result.data);
          if (result.errors?.length) onError(result.errors.map((e) => e.message).join('; '));
        },
        error: (error) => onError(error instanceof Error ? error.message : 'The live connection failed.'),
        complete: () => undefined,
      },
    );
    if (socketStatus() === 'live') timer = setTimeout(() => onConnected(), 250);
    return () => {
      clearTimeout(timer);
      stopListening();
      unsubscribe();
    };
  }, [query, key, enabled]);
}

export function useSocketStatus(): SocketStatus {
  return useSyncExternalStore(subscribeSocketStatus, socketStatus, () => 'connecting');
}
