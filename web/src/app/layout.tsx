import type { Metadata, Viewport } from 'next';
import { Providers } from '@/lib/auth';
import './globals.css';

// The router's URL is read when the page is served (GRAPHQL_URL), not baked in at build time,
// so one build runs against any router; so is whether it runs trusted documents only
// (TRUSTED_DOCUMENTS, as the router reads it; on by default in production).
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'Job Tracker', template: '%s · Job Tracker' },
  description: 'Your job applications, interviews and contacts in one place.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: React.ReactNode }) {
  const graphqlUrl = process.env.GRAPHQL_URL ?? 'http://localhost:4000/graphql';
  const trusted = (process.env.TRUSTED_DOCUMENTS ?? (process.env.ENVIRONMENT === 'production' ? 'true' : 'false')).toLowerCase();
  return (
    <html lang="en">
      <body className="min-h-screen">
        <Providers graphqlUrl={graphqlUrl} trustedDocuments={['1', 'true', 'yes', 'on'].includes(trusted)}>
          {children}
        </Providers>
      </body>
    </html>
  );
}
