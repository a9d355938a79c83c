import type { CombinedError } from 'urql';

/** What a failed mutation says: messages for the inputs they name, and the rest for the form. */
export type FormErrors = { fields: Record<string, string>; form: string[] };

export const NO_ERRORS: FormErrors = { fields: {}, form: [] };

export function formErrors(error: CombinedError | undefined, fields: readonly string[]): FormErrors {
  if (!error) return NO_ERRORS;
  const result: FormErrors = { fields: {}, form: [] };
  if (error.networkError && error.graphQLErrors.length === 0) {
    result.form.push('The server could not be reached. Check your connection and try again.');
    return result;
  }
  for (const e of error.graphQLErrors) {
    const field = e.extensions?.field;
    const message = e.message;
    if (typeof field === 'string' && fields.includes(field) && !result.fields[field]) {
      result.fields[field] = message.replace(new RegExp(`^${field}: `), '');
    } else {
      result.form.push(message);
    }
  }
  return result;
}

export function errorCodes(error: CombinedError | undefined): string[] {
  return (error?.graphQLErrors ?? []).map((e) => String(e.extensions?.code ?? ''));
}

export function describe(error: CombinedError): string {
  if (error.graphQLErrors.length) return error.graphQLErrors.map((e) => e.message).join(' ');
  return 'The server could not be reached. Check your connection and try again.';
}
