import type { ApplicationStatus } from '@/gql/graphql';

export const STATUSES: readonly ApplicationStatus[] = ['SAVED', 'APPLIED', 'INTERVIEW', 'OFFER', 'REJECTED'];

export const STATUS_LABEL: Record<ApplicationStatus, string> = {
  SAVED: 'Saved',
  APPLIED: 'Applied',
  INTERVIEW: 'Interview',
  OFFER: 'Offer',
  REJECTED: 'Rejected',
};

// Text and background pairs chosen for at least 4.5:1 contrast.
export const STATUS_STYLE: Record<ApplicationStatus, string> = {
  SAVED: 'bg-slate-100 text-slate-800',
  APPLIED: 'bg-blue-100 text-blue-900',
  INTERVIEW: 'bg-amber-100 text-amber-900',
  OFFER: 'bg-green-100 text-green-900',
  REJECTED: 'bg-rose-100 text-rose-900',
};

export function isStatus(value: string | null | undefined): value is ApplicationStatus {
  return !!value && (STATUSES as readonly string[]).includes(value);
}
