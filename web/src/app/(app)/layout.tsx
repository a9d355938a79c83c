'use client';

import { usePathname, useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { Header } from '@/components/Header';
import { LiveNotifications } from '@/components/LiveNotifications';
import { Loading } from '@/components/States';
import { useAuth } from '@/lib/auth';

/** Every page behind log in: without a token, to the log-in page (and back here after). */
export default function SignedInLayout({ children }: { children: React.ReactNode }) {
  const { token, leftBecause } = useAuth();
  const router = useRouter();
  const pathname = usePathname();
  useEffect(() => {
    if (token !== null) return;
    if (leftBecause === 'signed-out') router.replace('/login');
    else if (leftBecause === 'expired') router.replace(`/login?expired=1&next=${encodeURIComponent(pathname)}`);
    else router.replace(`/login?next=${encodeURIComponent(pathname)}`);
  }, [token, leftBecause, router, pathname]);
  if (!token) {
    return (
      <main className="mx-auto max-w-6xl px-4">
        <Loading what="your tracker" />
      </main>
    );
  }
  return (
    <>
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-10 focus:rounded focus:bg-white focus:p-2">
        Skip to content
      </a>
      <Header />
      <main id="main" className="mx-auto max-w-6xl px-4 py-6">
        {children}
      </main>
      <LiveNotifications />
    </>
  );
}
