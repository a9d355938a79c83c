'use client';

/** Anything a page did not expect: said in words, with a way to try again. */
export default function Error({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-lg p-8 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="mt-2 text-slate-700">This page could not be shown. Your data is safe.</p>
      <button
        type="button"
        onClick={reset}
        className="mt-4 rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800"
      >
        Try again
      </button>
    </main>
  );
}
