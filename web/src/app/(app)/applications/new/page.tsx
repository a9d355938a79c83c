'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMutation } from 'urql';
import { APPLICATION_FIELDS, ApplicationForm, toInput } from '@/components/ApplicationForm';
import { WebCreateApplicationDocument } from '@/gql/graphql';
import { formErrors } from '@/lib/errors';

export default function NewApplicationPage() {
  const router = useRouter();
  const [state, create] = useMutation(WebCreateApplicationDocument);
  return (
    <div className="max-w-3xl space-y-4">
      <p className="text-sm">
        <Link href="/applications" className="text-blue-700 underline">
          ← Applications
        </Link>
      </p>
      <h1 className="text-2xl font-semibold">Add an application</h1>
      <div className="rounded-lg border border-slate-200 bg-white p-4 sm:p-6">
        <ApplicationForm
          withStatus
          withImport
          submitLabel="Add application"
          busy={state.fetching}
          errors={formErrors(state.error, APPLICATION_FIELDS)}
          onSubmit={async (values) => {
            const result = await create({ input: { ...toInput(values), status: values.status } }, { additionalTypenames: ['Application'] });
            if (result.data) router.push(`/applications/${result.data.createApplication.id}`);
          }}
        />
      </div>
    </div>
  );
}
