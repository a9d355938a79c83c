import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { GraphQLError } from 'graphql';
import { CombinedError, Provider, type Client } from 'urql';
import { fromValue } from 'wonka';
import { describe, expect, it, vi } from 'vitest';
import { ContactItem, contactInput, listMessage, type Contact } from './ContactItem';

const GRACE: Contact = {
  id: 'c1',
  name: 'Grace H.',
  position: null,
  company: 'Navy',
  emails: ['grace@example.com'],
  phones: [],
  notes: null,
  linkedUser: null,
};

type Call = { variables: Record<string, unknown>; context?: { additionalTypenames?: string[] } };

function renderItem(contact: Contact, result: object) {
  const executeMutation = vi.fn(() => fromValue(result));
  const onDeleted = vi.fn();
  render(
    <Provider value={{ executeMutation } as unknown as Client}>
      <ul>
        <ContactItem contact={contact} onDeleted={onDeleted} />
      </ul>
    </Provider>,
  );
  // executeMutation(request, context): what was sent, and the context it was sent with.
  const calls = () =>
    (executeMutation.mock.calls as unknown as [{ variables: Call['variables'] }, Call['context']][]).map(
      ([request, context]): Call => ({ variables: request.variables, context }),
    );
  return { executeMutation, onDeleted, calls };
}

describe('ContactItem', () => {
  it('links a registered user to their public profile', () => {
    renderItem({ ...GRACE, linkedUser: { id: 'u9', fullName: 'Grace Hopper' } }, {});
    expect(screen.getByRole('link', { name: "Grace Hopper's public profile" }).getAttribute('href')).toBe('/people/u9');
  });

  it('edits in place: one entry a line, empty text cleared, the list refetched', async () => {
    const { calls } = renderItem(GRACE, { data: { updateContact: { ...GRACE, name: 'Grace Hopper' } } });
    fireEvent.click(screen.getByRole('button', { name: 'Edit Grace H.' }));
    expect(document.activeElement).toBe(screen.getByLabelText('Name'));
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: ' Grace Hopper ' } });
    fireEvent.change(screen.getByLabelText('Company'), { target: { value: '' } });
    fireEvent.change(screen.getByLabelText('E-mails'), { target: { value: 'grace@example.com\n\n hopper@navy.example ' } });
    fireEvent.change(screen.getByLabelText('Phones'), { target: { value: '+1 555 0100' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save contact' }));
    await screen.findByText('Saved.');
    const [update] = calls();
    expect(update.variables).toEqual({
      id: 'c1',
      input: {
        name: 'Grace Hopper',
        position: null,
        company: null,
        emails: ['grace@example.com', 'hopper@navy.example'],
        phones: ['+1 555 0100'],
        notes: null,
      },
    });
    expect(update.context?.additionalTypenames).toEqual(['Contact']);
    expect(screen.queryByRole('form', { name: 'Edit Grace H.' })).toBeNull();
  });

  it("shows the API's refusal next to its field, naming the line", async () => {
    renderItem(GRACE, {
      error: new CombinedError({
        graphQLErrors: [
          new GraphQLError('emails[1]: value is not a valid email address: An email address must have an @-sign.', {
            extensions: { code: 'BAD_USER_INPUT', field: 'emails' },
          }),
        ],
      }),
    });
    fireEvent.click(screen.getByRole('button', { name: 'Edit Grace H.' }));
    fireEvent.change(screen.getByLabelText('E-mails'), { target: { value: 'grace@example.com\nnot-an-address' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save contact' }));
    await waitFor(() => expect(screen.getByLabelText('E-mails').getAttribute('aria-invalid')).toBe('true'));
    const message = document.getElementById(screen.getByLabelText('E-mails').getAttribute('aria-describedby')!.split(' ').pop()!);
    expect(message?.textContent).toBe('Line 2: value is not a valid email address: An email address must have an @-sign.');
  });

  it('deletes only after the confirmation, which Keep (or Escape) dismisses', async () => {
    const { calls, onDeleted } = renderItem(GRACE, { data: { deleteContact: 'c1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Delete Grace H.' }));
    const confirm = screen.getByRole('group', { name: 'Delete Grace H.?' });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Keep' }));
    fireEvent.click(screen.getByRole('button', { name: 'Keep' }));
    expect(confirm.isConnected).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Delete Grace H.' }));
    fireEvent.keyDown(screen.getByRole('button', { name: 'Keep' }), { key: 'Escape' });
    expect(screen.queryByRole('group', { name: 'Delete Grace H.?' })).toBeNull();
    expect(calls()).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Delete Grace H.' }));
    fireEvent.click(screen.getByRole('button', { name: 'Yes, delete' }));
    await waitFor(() => expect(onDeleted).toHaveBeenCalledWith('Grace H.'));
    expect(calls()[0].variables).toEqual({ id: 'c1' });
    expect(calls()[0].context?.additionalTypenames).toEqual(['Contact']);
  });
});

describe('contactInput and listMessage', () => {
  it('splits lists on lines (and commas), trimmed', () => {
    expect(contactInput({ name: 'A', position: ' ', company: 'B', emails: 'a@x.example, b@x.example', phones: '', notes: '' })).toEqual({
      name: 'A',
      position: null,
      company: 'B',
      emails: ['a@x.example', 'b@x.example'],
      phones: [],
      notes: null,
    });
  });
  it('says a phone pattern in words', () => {
    expect(listMessage("phones[0]: String should match pattern '^\\+?[0-9 ()./-]{3,40}$'")).toBe(
      'Line 1: a phone number is 3 to 40 digits, spaces and + ( ) . / -',
    );
  });
});
