'use client';

import Link from 'next/link';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { secondaryButtonClass } from '@/components/Field';
import { Empty, Failed, FormAlert, Loading } from '@/components/States';
import { WebMarkAllNotificationsReadDocument, WebMarkNotificationReadDocument, WebNotificationsDocument, type WebNotificationsQuery } from '@/gql/graphql';
import { describe } from '@/lib/errors';
import { formatDateTime } from '@/lib/time';

// Constants: urql takes a new context object as a new request. Tagged so that a notification
// arriving live, or one marked read, refetches the list and the header's count.
const NOTIFICATIONS = { additionalTypenames: ['Notification'] };
const PAGE = 20;

type Node = WebNotificationsQuery['notifications']['edges'][number]['node'];

export default function NotificationsPage() {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [first, setFirst] = useState(PAGE);
  const [{ data, error, fetching }] = useQuery({ query: WebNotificationsDocument, variables: { unreadOnly, first }, context: NOTIFICATIONS });
  const [all, markAll] = useMutation(WebMarkAllNotificationsReadDocument);
  const [one, markOne] = useMutation(WebMarkNotificationReadDocument);
  const problems = [all.error, one.error].filter((e) => e !== undefined).map(describe);
  const list = data?.notifications;
  const anyUnread = list?.edges.some((e) => !e.node.read) ?? false;
  return (
    <div className="max-w-3xl space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">Notifications</h1>
        <button type="button" className={secondaryButtonClass} disabled={all.fetching || !anyUnread} onClick={() => markAll({}, NOTIFICATIONS)}>
          Mark all read
        </button>
      </div>
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={unreadOnly} onChange={(e) => setUnreadOnly(e.target.checked)} />
        Unread only
      </label>
      <FormAlert messages={problems} />
      {!list ? (
        fetching || !error ? <Loading what="your notifications" /> : <Failed error={error} what="your notifications" />
      ) : list.totalCount === 0 ? (
        <Empty>
          {unreadOnly
            ? 'Nothing unread.'
            : 'No notifications yet. Interview reminders arrive here (and by e-mail, unless you turn that off in Settings).'}
        </Empty>
      ) : (
        <>
          <ul aria-label="Inbox" className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
            {list.edges.map(({ node }) => (
              <Item key={node.id} node={node} busy={one.fetching} onRead={() => markOne({ id: node.id })} />
            ))}
          </ul>
          {list.pageInfo.hasNextPage && first < 100 && (
            <button type="button" className={secondaryButtonClass} disabled={fetching} onClick={() => setFirst((n) => Math.min(100, n + PAGE))}>
              Show more
            </button>
          )}
        </>
      )}
    </div>
  );
}

function Item({ node, busy, onRead }: { node: Node; busy: boolean; onRead: () => void }) {
  const about = node.interview?.application
    ? { href: `/applications/${node.interview.application.id}`, label: 'Open the application' }
    : node.contact?.linkedUser
      ? { href: `/people/${node.contact.linkedUser.id}`, label: 'See their profile' }
      : null;
  return (
    <li className={`flex flex-wrap items-start justify-between gap-3 p-3 ${node.read ? '' : 'bg-blue-50/60'}`}>
      <div className="min-w-0 flex-1">
        <p className="font-medium">
          {!node.read && <span className="mr-2 rounded-full bg-blue-700 px-2 py-0.5 text-xs font-semibold text-white">Unread</span>}
          {node.title}
        </p>
        {node.body && <p className="text-sm text-slate-700">{node.body}</p>}
        <p className="text-xs text-slate-600">
          <time dateTime={node.createdAt}>{formatDateTime(node.createdAt)}</time>
          {about && (
            <>
              {' · '}
              <Link href={about.href} className="text-blue-700 underline">
                {about.label}
              </Link>
            </>
          )}
        </p>
      </div>
      {!node.read && (
        <button type="button" className={secondaryButtonClass} disabled={busy} onClick={onRead} aria-label={`Mark read: ${node.title}`}>
          Mark read
        </button>
      )}
    </li>
  );
}
