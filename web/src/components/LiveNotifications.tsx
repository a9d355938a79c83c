'use client';

import { useCallback, useEffect, useState } from 'react';
import { useSubscription } from 'urql';
import { WebNotificationReceivedDocument } from '@/gql/graphql';
import { Toasts, type Toast } from './Toasts';

// Each arrival refetches what is on screen that holds notifications (the inbox, the header's
// unread count: queries tagged with this typename).
const NOTIFICATIONS = { additionalTypenames: ['Notification'] };
const KEPT = 3; // toasts on screen at once; older ones are in the inbox
export const RESUBSCRIBE_MS = 5000;

/** The signed-in pages' live notifications: a subscription through the router, shown as toasts. */
export function LiveNotifications() {
  const [{ data, error }, resubscribe] = useSubscription({ query: WebNotificationReceivedDocument, context: NOTIFICATIONS });
  // The router ended the subscription with an error (the notifications subgraph restarting, say):
  // subscribe again a little later. What arrived meanwhile is in the inbox.
  useEffect(() => {
    if (!error) return;
    const timer = window.setTimeout(() => resubscribe(), RESUBSCRIBE_MS);
    return () => window.clearTimeout(timer);
  }, [error, resubscribe]);
  const [toasts, setToasts] = useState<Toast[]>([]);
  useEffect(() => {
    const n = data?.notificationReceived;
    if (!n) return;
    setToasts((shown) => (shown.some((t) => t.id === n.id) ? shown : [...shown, { id: n.id, title: n.title, body: n.body }].slice(-KEPT)));
  }, [data]);
  const dismiss = useCallback((id: string) => setToasts((shown) => shown.filter((t) => t.id !== id)), []);
  return <Toasts toasts={toasts} onDismiss={dismiss} />;
}
