'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { useMutation } from 'urql';
import { WebLogInDocument, WebSignUpDocument } from '@/gql/graphql';
import { EXPIRED_MESSAGE, useAuth } from '@/lib/auth';
import { formErrors } from '@/lib/errors';
import { Field, buttonClass } from './Field';
import { FormAlert } from './States';

const FIELDS = ['email', 'password', 'fullName'] as const;

/** Log in or sign up; on success, on to where the user was going (the dashboard by default). */
export function AuthForm({ mode }: { mode: 'login' | 'signup' }) {
  const router = useRouter();
  const params = useSearchParams();
  const { token, signIn } = useAuth();
  const [values, setValues] = useState({ email: '', password: '', fullName: '' });
  const [logInState, logIn] = useMutation(WebLogInDocument);
  const [signUpState, signUp] = useMutation(WebSignUpDocument);
  const state = mode === 'login' ? logInState : signUpState;
  const errors = formErrors(state.error, FIELDS);
  const next = params.get('next')?.startsWith('/') ? params.get('next')! : '/dashboard';

  useEffect(() => {
    if (token) router.replace(next);
  }, [token, next, router]);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const result =
      mode === 'login'
        ? (await logIn({ input: { email: values.email, password: values.password } })).data?.logIn
        : (await signUp({ input: values })).data?.signUp;
    if (result) signIn(result.token);
  };
  const bind = (name: (typeof FIELDS)[number]) => ({
    name,
    value: values[name],
    error: errors.fields[name],
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [name]: e.target.value })),
  });

  const title = mode === 'login' ? 'Log in' : 'Create your account';
  return (
    <main className="mx-auto max-w-md px-4 py-12">
      <p className="mb-6 text-center text-lg font-bold text-blue-800">Job Tracker</p>
      <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
        <h1 className="mb-4 text-2xl font-semibold">{title}</h1>
        {params.get('expired') && (
          <p role="status" className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
            {EXPIRED_MESSAGE}
          </p>
        )}
        <form noValidate onSubmit={submit} className="space-y-4">
          <FormAlert messages={errors.form} />
          {mode === 'signup' && <Field label="Full name" autoComplete="name" required {...bind('fullName')} />}
          <Field label="E-mail" type="email" autoComplete="email" required {...bind('email')} />
          <Field
            label="Password"
            type="password"
            autoComplete={mode === 'login' ? 'current-password' : 'new-password'}
            required
            hint={mode === 'signup' ? 'At least 10 characters; a few uncommon words make a good one.' : undefined}
            {...bind('password')}
          />
          <button type="submit" className={`${buttonClass} w-full`} disabled={state.fetching}>
            {state.fetching ? 'Please wait…' : mode === 'login' ? 'Log in' : 'Sign up'}
          </button>
        </form>
      </div>
      <p className="mt-4 text-center text-sm text-slate-700">
        {mode === 'login' ? (
          <>
            New here?{' '}
            <Link href="/signup" className="font-medium text-blue-700 underline">
              Create an account
            </Link>
          </>
        ) : (
          <>
            Have an account?{' '}
            <Link href="/login" className="font-medium text-blue-700 underline">
              Log in
            </Link>
          </>
        )}
      </p>
    </main>
  );
}
