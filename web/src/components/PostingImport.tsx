'use client';

import { useId, useState } from 'react';
import { useMutation } from 'urql';
import { WebImportPostingDocument } from '@/gql/graphql';
import { importRefusal, postingInput, type PostingDraft } from '@/lib/postings';
import { secondaryButtonClass } from './Field';

/**
 * "Fill from a job posting": a link the server fetches, or the posting's text or HTML pasted.
 * `importPosting` answers a draft (nothing is saved), which `onDraft` puts into the form.
 */
export function PostingImport({ onDraft }: { onDraft: (draft: PostingDraft) => void }) {
  const id = useId();
  const [state, importPosting] = useMutation(WebImportPostingDocument);
  const [pasted, setPasted] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const input = postingInput(pasted);
    if (!input) {
      setProblem("Paste a link to the job posting (https://…), or the posting's text.");
      return;
    }
    setProblem(null);
    const result = await importPosting({ input });
    if (result.data) onDraft(result.data.importPosting);
    else if (result.error) setProblem(importRefusal(result.error));
  };

  return (
    <section aria-labelledby={`${id}-title`} className="rounded-md border border-blue-200 bg-blue-50 p-3 sm:p-4">
      <h2 id={`${id}-title`} className="font-semibold text-slate-900">
        Fill from a job posting
      </h2>
      <form noValidate onSubmit={submit} className="mt-2 space-y-2">
        <label htmlFor={`${id}-posting`} className="block text-sm font-medium text-slate-800">
          Posting link or text
        </label>
        <textarea
          id={`${id}-posting`}
          name="posting"
          rows={3}
          value={pasted}
          onChange={(e) => setPasted(e.target.value)}
          aria-invalid={!!problem}
          aria-describedby={`${id}-hint${problem ? ` ${id}-problem` : ''}`}
          className={`block w-full rounded-md border bg-white px-3 py-2 text-slate-900 shadow-sm focus:outline-none focus:ring-2 focus:ring-blue-600 ${
            problem ? 'border-rose-600' : 'border-slate-300'
          }`}
        />
        <p id={`${id}-hint`} className="text-xs text-slate-700">
          A link (https://…) is fetched by the server; or paste the posting&apos;s text, or its page&apos;s HTML. Nothing is saved
          until you add the application.
        </p>
        {problem && (
          <p id={`${id}-problem`} role="alert" className="text-sm text-rose-800">
            {problem}
          </p>
        )}
        <button type="submit" className={secondaryButtonClass} disabled={state.fetching}>
          {state.fetching ? 'Reading the posting…' : 'Fill the form'}
        </button>
        <p role="status" className="text-sm text-slate-700">
          {state.fetching ? 'Reading the posting…' : ''}
        </p>
      </form>
    </section>
  );
}
