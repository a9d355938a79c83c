'use client';

import { useId, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { WebCompleteUploadDocument, WebCreateUploadDocument, WebMyResumeDocument, WebSetResumePublicDocument } from '@/gql/graphql';
import { describe } from '@/lib/errors';
import { formatDate } from '@/lib/time';
import { UploadError, contentTypeOf, formatBytes, postForm, refuseFile } from '@/lib/upload';
import { buttonClass } from './Field';
import { FormAlert } from './States';

// Constants: urql takes a new context object as a new request.
const FILES = { additionalTypenames: ['File', 'User'] };

type Phase = { step: 'idle' } | { step: 'sending'; sent: number } | { step: 'checking' } | { step: 'done' } | { step: 'failed'; message: string };

/** Your resume: the current one (download, public or not) and an upload with its progress. */
export function ResumeUpload() {
  const id = useId();
  const [{ data }] = useQuery({ query: WebMyResumeDocument, context: FILES });
  const [, createUpload] = useMutation(WebCreateUploadDocument);
  const [, completeUpload] = useMutation(WebCompleteUploadDocument);
  const [shown, setShown] = useState<boolean | null>(null); // the box's state until the answer comes
  const [publicState, setPublic] = useMutation(WebSetResumePublicDocument);
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>({ step: 'idle' });
  const [picker, setPicker] = useState(0); // a new file input (empty) after each upload
  const busy = phase.step === 'sending' || phase.step === 'checking';
  const me = data?.me;

  async function upload(chosen: File) {
    const refused = refuseFile(chosen);
    if (refused) return setPhase({ step: 'failed', message: refused });
    setPhase({ step: 'sending', sent: 0 });
    const input = { kind: 'RESUME' as const, fileName: chosen.name, contentType: contentTypeOf(chosen.name)!, size: chosen.size };
    const started = await createUpload({ input });
    if (!started.data) return setPhase({ step: 'failed', message: started.error ? describe(started.error) : 'The upload could not start.' });
    const { id: fileId, url, fields } = started.data.createUpload;
    try {
      await postForm(url, fields, chosen, (sent) => setPhase({ step: 'sending', sent }));
    } catch (error) {
      return setPhase({ step: 'failed', message: error instanceof UploadError ? error.message : String(error) });
    }
    setPhase({ step: 'checking' });
    const completed = await completeUpload({ id: fileId }, FILES);
    if (!completed.data) return setPhase({ step: 'failed', message: completed.error ? describe(completed.error) : 'The file could not be checked.' });
    setFile(null);
    setPicker((n) => n + 1);
    setPhase({ step: 'done' });
  }

  const isPublic = shown ?? me?.resumePublic ?? false;
  return (
    <section aria-labelledby={`${id}-title`} className="h-fit rounded-lg border border-slate-200 bg-white p-4">
      <h2 id={`${id}-title`} className="mb-3 font-semibold">
        Resume
      </h2>
      {me?.resume ? (
        <div className="mb-3 space-y-2 text-sm" data-testid="current-resume">
          <p>
            <a href={me.resume.downloadUrl} className="font-medium text-blue-700 underline" rel="noopener">
              {me.resume.fileName}
            </a>{' '}
            <span className="text-slate-600">
              ({formatBytes(me.resume.size)}, {formatDate(me.resume.uploadedAt)})
            </span>
          </p>
          <label className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={isPublic}
              onChange={async (e) => {
                setShown(e.target.checked);
                const answer = await setPublic({ public: e.target.checked }, FILES);
                if (!answer.data) setShown(null); // refused: back to what the server has
              }}
            />
            Show it on my public profile
          </label>
          <FormAlert messages={publicState.error ? [describe(publicState.error)] : []} />
        </div>
      ) : (
        <p className="mb-3 text-sm text-slate-600">No resume yet.</p>
      )}
      <form
        noValidate
        className="space-y-3"
        onSubmit={(e) => {
          e.preventDefault();
          if (file) void upload(file);
        }}
      >
        <div>
          <label htmlFor={`${id}-file`} className="block text-sm font-medium text-slate-800">
            {me?.resume ? 'Upload a new one' : 'Upload one'}
          </label>
          <input
            key={picker}
            id={`${id}-file`}
            type="file"
            accept=".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            aria-describedby={`${id}-hint`}
            disabled={busy}
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setPhase({ step: 'idle' });
            }}
            className="mt-1 block w-full text-sm text-slate-800 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:text-slate-800"
          />
          <p id={`${id}-hint`} className="mt-1 text-xs text-slate-600">
            PDF or Word (.docx), up to {formatBytes(10 * 1024 * 1024)}.
          </p>
        </div>
        {phase.step === 'sending' && (
          <div>
            <div
              role="progressbar"
              aria-label="Uploading your resume"
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={Math.round(phase.sent * 100)}
              className="h-2 overflow-hidden rounded-full bg-slate-200"
            >
              <div className="h-full bg-blue-700 transition-[width]" style={{ width: `${Math.round(phase.sent * 100)}%` }} />
            </div>
            <p className="mt-1 text-xs text-slate-700">Sending… {Math.round(phase.sent * 100)}%</p>
          </div>
        )}
        {phase.step === 'checking' && (
          <p role="status" className="text-sm text-slate-700">
            Checking the file…
          </p>
        )}
        {phase.step === 'done' && (
          <p role="status" className="text-sm text-green-800">
            Resume uploaded.
          </p>
        )}
        <FormAlert messages={phase.step === 'failed' ? [phase.message] : []} />
        <button type="submit" className={buttonClass} disabled={!file || busy}>
          Upload resume
        </button>
      </form>
    </section>
  );
}
