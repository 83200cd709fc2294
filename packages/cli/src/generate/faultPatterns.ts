import { getErrorPattern, type ErrorPattern } from '@kensa/processors';

/** An injected failure: what AWS returns, and the catalogue entry the processors would tag it with. */
export interface InjectedFault {
  errorType: string;
  message: string;
  pattern: ErrorPattern;
}

function pattern(id: string): ErrorPattern {
  const p = getErrorPattern(id);
  if (p === undefined) throw new Error(`error pattern ${id} missing from the processors' catalogue`);
  return p;
}

export const THROTTLING: InjectedFault = { errorType: 'ThrottlingException', message: 'Rate exceeded', pattern: pattern('EP-001') };

export const CONTEXT_OVERFLOW: InjectedFault = {
  errorType: 'ValidationException',
  message: 'Input is too long for requested model.',
  pattern: pattern('EP-003'),
};
