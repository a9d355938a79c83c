import type { ApplicationStatus } from '@/gql/graphql';
import { STATUS_LABEL, STATUS_STYLE } from '@/lib/statuses';

export function StatusBadge({ status }: { status: ApplicationStatus }) {
  return (
    <span className={`inline-block rounded-full px-2 py-0.5 text-xs font-medium ${STATUS_STYLE[status]}`}>
      {STATUS_LABEL[status]}
    </span>
  );
}
