import type { CombinedError } from 'urql';
import type { ImportPostingInput, PostingField, WebImportPostingMutation } from '@/gql/graphql';

export type PostingDraft = WebImportPostingMutation['importPosting'];

/** The form's fields a draft fills, by the name the API gives them. */
export const DRAFT_FIELDS = {
  COMPANY: 'company',
  POSITION: 'position',
  LOCATION: 'location',
  SALARY_MIN: 'salaryMin',
  SALARY_MAX: 'salaryMax',
  SALARY_CURRENCY: 'salaryCurrency',
  JOB_DESCRIPTION: 'jobDescription',
  JOB_URL: 'jobUrl',
} as const satisfies Partial<Record<PostingField, string>>;

export type DraftField = (typeof DRAFT_FIELDS)[keyof typeof DRAFT_FIELDS];

/**
 * What was pasted, as the API takes it: a single http(s) link is fetched by the server, text
 * that starts with a tag is a page's source, anything else is the posting's text.
 */
export function postingInput(pasted: string): ImportPostingInput | null {
  const value = pasted.trim();
  if (!value) return null;
  if (/^https?:\/\/\S+$/i.test(value)) return { url: value };
  if (/^<(!doctype|html|head|body|[a-z][\w-]*[\s>/])/i.test(value)) return { html: value };
  return { text: value };
}

/**
 * The form's values a draft gives (as the form holds them: text), the fields it filled and the
 * ones it did not find. Applications have no "remote" field: a remote posting says so in its
 * location.
 */
export function draftValues(draft: PostingDraft): {
  values: Partial<Record<DraftField, string>>;
  filled: DraftField[];
  missing: DraftField[];
} {
  const found = new Set<PostingField>(draft.found.map((f) => f.field));
  const values: Partial<Record<DraftField, string>> = {};
  const filled: DraftField[] = [];
  for (const [key, name] of Object.entries(DRAFT_FIELDS) as [PostingField, DraftField][]) {
    const value = draft[name];
    if (!found.has(key) || value === null || value === undefined || value === '') continue;
    values[name] = String(value);
    filled.push(name);
  }
  if (draft.remote) {
    const location = values.location;
    if (!location) filled.push('location');
    values.location = !location ? 'Remote' : /remote/i.test(location) ? location : `${location} (remote)`;
  }
  const missing = (Object.values(DRAFT_FIELDS) as DraftField[]).filter((name) => !filled.includes(name));
  return { values, filled, missing };
}

const PASTE_INSTEAD = "Open the posting in your browser, copy its text and paste it here instead, or fill the form by hand.";

/** The API's message as the end of a sentence of ours: lower-case start, a full stop. */
function clause(message: string): string {
  const text = message.trim().replace(/[.;:]?$/, '.');
  return /^[A-Z][a-z]/.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}

/** Why an import was refused, as a sentence that says what to do next. */
export function importRefusal(error: CombinedError): string {
  const refusal = error.graphQLErrors[0];
  if (!refusal) return 'The server could not be reached. Check your connection and try again.';
  const message = refusal.message;
  switch (refusal.extensions?.code) {
    case 'URL_NOT_ALLOWED':
      return `This link cannot be fetched: ${clause(message)} Only public web pages are fetched. ${PASTE_INSTEAD}`;
    case 'FETCH_FAILED':
      return `The posting could not be fetched: ${clause(message)} Check the link, or copy the posting's text and paste it here instead.`;
    case 'FETCH_TIMEOUT':
      return `The posting's site took too long to answer. Try again in a moment. ${PASTE_INSTEAD}`;
    case 'FETCH_TOO_LARGE':
      return `The posting's page is too large to fetch. ${PASTE_INSTEAD}`;
    case 'INPUT_TOO_COMPLEX':
    case 'REQUEST_ENTITY_TOO_LARGE':
      return 'The posting is too large or too complex to read. Paste a shorter part of it: the title, the company and the description.';
    case 'RATE_LIMITED': {
      const wait = Number(refusal.extensions?.retryAfter);
      const when = Number.isFinite(wait) && wait > 0 ? `in ${wait} second${wait === 1 ? '' : 's'}` : 'in a minute';
      return `You have imported many postings in a short time. Try again ${when}, or fill the form by hand.`;
    }
    case 'BAD_USER_INPUT':
      return /at most/.test(message)
        ? 'The pasted posting is too long to import. Paste only the part about the job.'
        : `The posting could not be read: ${clause(message)} Paste a link to the posting, or its text.`;
    default:
      return `The posting could not be imported: ${clause(message)} Fill the form by hand, or try again later.`;
  }
}
