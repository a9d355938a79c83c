import type { CombinedError } from 'urql';
import { describe } from '@/lib/errors';

export function Loading({ what }: { what: string }) {
  return (
    <p role="status" className="py-6 text-slate-600">
      Loading {what}…
    </p>
  );
}

export function Failed({ error, what }: { error: CombinedError; what: string }) {
  return (
    <div role="alert" className="rounded-md border border-rose-300 bg-rose-50 p-4 text-rose-900">
      <p className="font-medium">Could not load {what}.</p>
      <p className="text-sm">{describe(error)}</p>
    </div>
  );
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <p className="rounded-md border border-dashed border-slate-300 p-6 text-center text-slate-600">{children}</p>;
}

export function FormAlert({ messages }: { messages: string[] }) {
  if (!messages.length) return null;
  return (
    <div role="alert" className="rounded-md border border-rose-300 bg-rose-50 p-3 text-sm text-rose-900">
      {messages.map((m) => (
        <p key={m}>{m}</p>
      ))}
    </div>
  );
}
