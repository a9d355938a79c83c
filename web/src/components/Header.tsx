'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useQuery } from 'urql';
import { ViewerDocument } from '@/gql/graphql';
import { useAuth } from '@/lib/auth';
import { SearchBox } from './SearchBox';

// Refetched when a notification arrives or is read (the unread count).
const NOTIFICATIONS = { additionalTypenames: ['Notification'] };

const NAV = [
  { href: '/dashboard', label: 'Dashboard' },
  { href: '/applications', label: 'Applications' },
  { href: '/interviews', label: 'Interviews' },
  { href: '/contacts', label: 'Contacts' },
  { href: '/analytics', label: 'Analytics' },
  { href: '/profile', label: 'Profile' },
  { href: '/settings', label: 'Settings' },
];

/**
 * The header: brand, navigation, the search box, and the tools (notifications, log out). On a
 * phone: brand and tools, then the search box across, then the navigation.
 */
export function Header() {
  const pathname = usePathname();
  const { signOut } = useAuth();
  const [{ data }] = useQuery({ query: ViewerDocument, context: NOTIFICATIONS });
  const unread = data?.me.unreadNotificationCount ?? 0;
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
        <Link href="/dashboard" className="order-1 text-lg font-bold text-blue-800">
          Job Tracker
        </Link>
        <div className="order-3 w-full sm:order-4 sm:ml-auto sm:w-48">
          <SearchBox />
        </div>
        <div className="order-2 ml-auto flex items-center gap-3 sm:order-5 sm:ml-0" data-slot="header-tools">
          <Link
            href="/notifications"
            aria-current={pathname === '/notifications' ? 'page' : undefined}
            aria-label={unread ? `Notifications, ${unread} unread` : 'Notifications'}
            className={`relative rounded-md p-1.5 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 ${
              pathname === '/notifications' ? 'bg-blue-50 text-blue-900' : 'text-slate-700'
            }`}
          >
            <svg aria-hidden="true" viewBox="0 0 24 24" className="h-6 w-6" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
              <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
              <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
            </svg>
            {unread > 0 && (
              <span aria-hidden="true" data-testid="unread-badge" className="absolute -top-1 -right-1 min-w-5 rounded-full bg-rose-700 px-1 text-center text-xs font-semibold leading-5 text-white">
                {unread > 99 ? '99+' : unread}
              </span>
            )}
          </Link>
          <button
            type="button"
            onClick={() => signOut()}
            title={data ? `Signed in as ${data.me.fullName}` : undefined}
            className="rounded-md border border-slate-300 px-3 py-1.5 text-sm text-slate-800 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600"
          >
            Log out
          </button>
        </div>
        <nav aria-label="Main" className="order-4 -mx-1 w-full sm:order-2 sm:w-auto">
          <ul className="flex flex-wrap gap-1">
            {NAV.map((item) => {
              const current = pathname === item.href || pathname.startsWith(`${item.href}/`);
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    aria-current={current ? 'page' : undefined}
                    className={`block whitespace-nowrap rounded-md px-2.5 py-1.5 text-sm ${
                      current ? 'bg-blue-50 font-medium text-blue-900' : 'text-slate-700 hover:bg-slate-100'
                    }`}
                  >
                    {item.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
      </div>
    </header>
  );
}
