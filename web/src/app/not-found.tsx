import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto max-w-lg p-8 text-center">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="mt-2 text-slate-700">
        <Link href="/dashboard" className="text-blue-700 underline">
          Back to your dashboard
        </Link>
      </p>
    </main>
  );
}
