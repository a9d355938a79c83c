import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApplicationForm, EMPTY_APPLICATION, toInput } from './ApplicationForm';

describe('ApplicationForm', () => {
  it('submits what was typed', () => {
    const onSubmit = vi.fn();
    render(<ApplicationForm withStatus submitLabel="Add application" onSubmit={onSubmit} />);
    fireEvent.change(screen.getByLabelText('Company'), { target: { value: 'Acme' } });
    fireEvent.change(screen.getByLabelText('Position'), { target: { value: 'Engineer' } });
    fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'APPLIED' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add application' }));
    expect(onSubmit).toHaveBeenCalledWith(expect.objectContaining({ company: 'Acme', position: 'Engineer', status: 'APPLIED' }));
  });

  it("shows the API's messages next to their fields, described by them, and the others above", () => {
    render(
      <ApplicationForm
        withStatus
        submitLabel="Save"
        onSubmit={() => {}}
        errors={{ fields: { company: 'must not be empty', jobUrl: 'must be an http(s) address' }, form: ['Give a currency with a salary.'] }}
      />,
    );
    const company = screen.getByLabelText('Company');
    expect(company.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('must not be empty').id).toBe(company.getAttribute('aria-describedby'));
    expect(screen.getByLabelText('Job posting link').getAttribute('aria-describedby')).toBe(
      screen.getByText('must be an http(s) address').id,
    );
    expect(screen.getByRole('alert').textContent).toContain('Give a currency with a salary.');
  });

  it('has no status select when editing (status changes go through the board)', () => {
    render(<ApplicationForm withStatus={false} submitLabel="Save" onSubmit={() => {}} />);
    expect(screen.queryByLabelText('Status')).toBeNull();
  });
});

describe('toInput', () => {
  it('sends empty text as null, numbers as numbers, a date at noon UTC, the currency upper-cased', () => {
    expect(
      toInput({ ...EMPTY_APPLICATION, company: 'Acme', position: 'Dev', salaryMin: '50000', salaryCurrency: 'eur', appliedAt: '2026-05-01' }),
    ).toEqual({
      company: 'Acme',
      position: 'Dev',
      location: null,
      salaryMin: 50000,
      salaryMax: null,
      salaryCurrency: 'EUR',
      jobUrl: null,
      appliedAt: '2026-05-01T12:00:00Z',
      jobDescription: null,
      notes: null,
    });
  });
});
