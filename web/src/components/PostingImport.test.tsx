import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { GraphQLError } from 'graphql';
import { CombinedError, Provider, type Client } from 'urql';
import { fromValue } from 'wonka';
import { describe, expect, it, vi } from 'vitest';
import { ApplicationForm } from './ApplicationForm';

const DRAFT = {
  company: 'Contoso Group',
  position: 'Product Designer',
  location: 'London, United Kingdom',
  remote: false,
  salaryMin: null,
  salaryMax: null,
  salaryCurrency: null,
  jobDescription: 'Contoso is looking for a designer.',
  jobUrl: 'https://contoso.example/jobs/1',
  found: [
    { field: 'COMPANY', source: 'JSON_LD' },
    { field: 'POSITION', source: 'JSON_LD' },
    { field: 'LOCATION', source: 'JSON_LD' },
    { field: 'REMOTE', source: 'JSON_LD' },
    { field: 'JOB_DESCRIPTION', source: 'JSON_LD' },
    { field: 'JOB_URL', source: 'META' },
  ],
  missing: ['SALARY_MIN', 'SALARY_MAX', 'SALARY_CURRENCY'],
};

function renderForm(result: object) {
  const executeMutation = vi.fn(() => fromValue(result));
  const onSubmit = vi.fn();
  render(
    <Provider value={{ executeMutation } as unknown as Client}>
      <ApplicationForm withStatus withImport submitLabel="Add application" onSubmit={onSubmit} />
    </Provider>,
  );
  return { executeMutation, onSubmit };
}

const sent = (execute: ReturnType<typeof vi.fn>) => (execute.mock.calls as unknown as [[{ variables: unknown }]])[0][0].variables;
const paste = (text: string) => {
  fireEvent.change(screen.getByLabelText('Posting link or text'), { target: { value: text } });
  fireEvent.click(screen.getByRole('button', { name: 'Fill the form' }));
};

describe('Filling the application form from a posting', () => {
  it('fills the fields found, marks them, names the missing ones, and submits what is corrected', async () => {
    const { executeMutation, onSubmit } = renderForm({ data: { importPosting: DRAFT } });
    paste('https://contoso.example/jobs/1');
    const summary = await screen.findByTestId('import-summary');
    expect(sent(executeMutation)).toEqual({ input: { url: 'https://contoso.example/jobs/1' } });
    expect(summary.textContent).toContain('Filled from the posting: Company, Position, Location, Job description, Job posting link.');
    expect(summary.textContent).toContain('Not found in the posting: Salary from, Salary to, Currency.');
    await waitFor(() => expect(document.activeElement).toBe(summary));

    const company = screen.getByLabelText('Company') as HTMLInputElement;
    expect(company.value).toBe('Contoso Group');
    expect(document.getElementById(company.getAttribute('aria-describedby')!)?.textContent).toContain('Filled from the posting');
    const salary = screen.getByLabelText('Salary from');
    expect(salary.getAttribute('aria-describedby')).toBeNull();
    // The currency keeps its own hint beside the mark when filled; here it was not.
    expect(document.getElementById(screen.getByLabelText('Currency').getAttribute('aria-describedby')!)?.textContent).toBe(
      'Three letters, e.g. EUR',
    );

    // Corrected by hand: no longer marked as the posting's.
    fireEvent.change(company, { target: { value: 'Contoso' } });
    expect(company.getAttribute('aria-describedby')).toBeNull();
    fireEvent.change(salary, { target: { value: '60000' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add application' }));
    expect(onSubmit).toHaveBeenCalledWith(
      expect.objectContaining({ company: 'Contoso', position: 'Product Designer', salaryMin: '60000', jobUrl: 'https://contoso.example/jobs/1' }),
    );
  });

  it('sends pasted text as text', async () => {
    const { executeMutation } = renderForm({ data: { importPosting: DRAFT } });
    paste('Product Designer at Contoso Group\nLocation: London');
    await screen.findByTestId('import-summary');
    expect(sent(executeMutation)).toEqual({ input: { text: 'Product Designer at Contoso Group\nLocation: London' } });
  });

  it('asks for something before sending anything', async () => {
    const { executeMutation } = renderForm({ data: null });
    paste('  ');
    expect((await screen.findByRole('alert')).textContent).toContain('Paste a link to the job posting');
    expect(executeMutation).not.toHaveBeenCalled();
    expect(screen.getByLabelText('Posting link or text').getAttribute('aria-invalid')).toBe('true');
  });

  it('says a refusal as what to do, tied to the field, and fills nothing', async () => {
    renderForm({
      error: new CombinedError({
        graphQLErrors: [
          new GraphQLError('10.1.2.3 resolves to an address that is not fetched (10.1.2.3)', {
            extensions: { code: 'URL_NOT_ALLOWED', field: 'url' },
          }),
        ],
      }),
    });
    paste('http://10.1.2.3/job');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/^This link cannot be fetched: .* copy its text and paste it here instead/);
    expect(screen.getByLabelText('Posting link or text').getAttribute('aria-describedby')).toContain(alert.id);
    expect(screen.queryByTestId('import-summary')).toBeNull();
    expect((screen.getByLabelText('Company') as HTMLInputElement).value).toBe('');
  });
});
