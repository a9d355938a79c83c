import { GraphQLError } from 'graphql';
import { CombinedError } from 'urql';
import { describe, expect, it } from 'vitest';
import { draftValues, importRefusal, postingInput, type PostingDraft } from './postings';

describe('postingInput', () => {
  it('sends a link to be fetched, a page source as HTML, anything else as text', () => {
    expect(postingInput('  https://jobs.example/42  ')).toEqual({ url: 'https://jobs.example/42' });
    expect(postingInput('<!DOCTYPE html><title>Dev at Foo</title>')).toEqual({ html: '<!DOCTYPE html><title>Dev at Foo</title>' });
    expect(postingInput('<div class="job">Dev</div>')).toEqual({ html: '<div class="job">Dev</div>' });
    expect(postingInput('Data Engineer at Zeta\nhttps://zeta.example/jobs')).toEqual({ text: 'Data Engineer at Zeta\nhttps://zeta.example/jobs' });
    expect(postingInput('<3 remote work, Engineer at Foo')).toEqual({ text: '<3 remote work, Engineer at Foo' });
  });
  it('sends nothing for nothing', () => {
    expect(postingInput('   \n ')).toBeNull();
  });
});

const draft = (values: Partial<PostingDraft>): PostingDraft => ({
  company: null,
  position: null,
  location: null,
  remote: null,
  salaryMin: null,
  salaryMax: null,
  salaryCurrency: null,
  jobDescription: null,
  jobUrl: null,
  found: [],
  missing: [],
  ...values,
});

describe('draftValues', () => {
  it('fills the fields found, as the form holds them, and names the rest', () => {
    const { values, filled, missing } = draftValues(
      draft({
        company: 'Contoso Group',
        position: 'Product Designer',
        salaryMin: 60000,
        jobUrl: 'https://contoso.example/1',
        found: [
          { field: 'COMPANY', source: 'JSON_LD' },
          { field: 'POSITION', source: 'JSON_LD' },
          { field: 'SALARY_MIN', source: 'HEURISTIC' },
          { field: 'JOB_URL', source: 'META' },
        ],
      }),
    );
    expect(values).toEqual({ company: 'Contoso Group', position: 'Product Designer', salaryMin: '60000', jobUrl: 'https://contoso.example/1' });
    expect(filled).toEqual(['company', 'position', 'salaryMin', 'jobUrl']);
    expect(missing).toEqual(['location', 'salaryMax', 'salaryCurrency', 'jobDescription']);
  });
  it('says a remote posting in its location (applications have no remote field)', () => {
    expect(draftValues(draft({ remote: true, found: [{ field: 'REMOTE', source: 'HEURISTIC' }] })).values.location).toBe('Remote');
    const berlin = draft({ remote: true, location: 'Berlin', found: [{ field: 'LOCATION', source: 'JSON_LD' }] });
    expect(draftValues(berlin).values.location).toBe('Berlin (remote)');
    const already = draft({ remote: true, location: 'Remote - US', found: [{ field: 'LOCATION', source: 'JSON_LD' }] });
    expect(draftValues(already).values.location).toBe('Remote - US');
    expect(draftValues(berlin).missing).not.toContain('location');
  });
});

const refused = (code: string, message: string, extensions: Record<string, unknown> = {}) =>
  importRefusal(new CombinedError({ graphQLErrors: [new GraphQLError(message, { extensions: { code, ...extensions } })] }));

describe('importRefusal', () => {
  it('says what to do for each refusal of the API', () => {
    expect(refused('URL_NOT_ALLOWED', '10.0.0.8 resolves to an address that is not fetched (10.0.0.8)')).toBe(
      'This link cannot be fetched: 10.0.0.8 resolves to an address that is not fetched (10.0.0.8). Only public web pages are fetched. ' +
        'Open the posting in your browser, copy its text and paste it here instead, or fill the form by hand.',
    );
    expect(refused('FETCH_FAILED', 'The page answered HTTP 404')).toBe(
      "The posting could not be fetched: the page answered HTTP 404. Check the link, or copy the posting's text and paste it here instead.",
    );
    expect(refused('FETCH_TIMEOUT', 'The page took over 10 s')).toMatch(/^The posting's site took too long to answer\. Try again in a moment\. Open the posting/);
    expect(refused('FETCH_TOO_LARGE', 'The page is larger than 2097152 bytes')).toMatch(/too large to fetch\. Open the posting/);
    expect(refused('INPUT_TOO_COMPLEX', 'Pasted posting could not be read within 2 s')).toMatch(/too large or too complex to read\. Paste a shorter part/);
    expect(refused('RATE_LIMITED', 'Too many attempts; try again in 42 s.', { retryAfter: 42 })).toBe(
      'You have imported many postings in a short time. Try again in 42 seconds, or fill the form by hand.',
    );
    expect(refused('BAD_USER_INPUT', 'text must be at most 200000 characters')).toBe(
      'The pasted posting is too long to import. Paste only the part about the job.',
    );
    expect(refused('BAD_USER_INPUT', 'Give one of url, html or text')).toBe(
      'The posting could not be read: give one of url, html or text. Paste a link to the posting, or its text.',
    );
  });
  it('says when the server could not be reached', () => {
    expect(importRefusal(new CombinedError({ networkError: new Error('offline') }))).toMatch(/could not be reached/);
  });
});
