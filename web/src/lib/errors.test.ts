import { GraphQLError } from 'graphql';
import { CombinedError } from 'urql';
import { expect, it } from 'vitest';
import { formErrors } from './errors';

it('puts the API messages next to the fields they name, the rest on the form', () => {
  const error = new CombinedError({
    graphQLErrors: [
      new GraphQLError('company: must not be empty', { extensions: { code: 'BAD_USER_INPUT', field: 'company' } }),
      new GraphQLError('salaryMin needs salaryCurrency', { extensions: { code: 'BAD_USER_INPUT', field: 'input' } }),
    ],
  });
  expect(formErrors(error, ['company', 'position'])).toEqual({
    fields: { company: 'must not be empty' },
    form: ['salaryMin needs salaryCurrency'],
  });
});

it('says the server could not be reached on a network error', () => {
  const error = new CombinedError({ networkError: new Error('Failed to fetch') });
  expect(formErrors(error, ['company']).form[0]).toMatch(/could not be reached/);
});
