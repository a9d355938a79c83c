import type { Metadata } from 'next';
import { Suspense } from 'react';
import { AuthForm } from '@/components/AuthForm';

export const metadata: Metadata = { title: 'Log in' };

export default function LogInPage() {
  return (
    <Suspense>
      <AuthForm mode="login" />
    </Suspense>
  );
}
