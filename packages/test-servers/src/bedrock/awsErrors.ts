import type { BedrockErrorName } from './types';

/** HTTP status Bedrock uses for each error (from the Bedrock Runtime API reference). */
export const ERROR_STATUS: Readonly<Record<BedrockErrorName, number>> = {
  ThrottlingException: 429,
  ValidationException: 400,
  ModelTimeoutException: 408,
  AccessDeniedException: 403,
  ServiceUnavailableException: 503,
  ModelErrorException: 424,
  ModelNotReadyException: 429,
  ResourceNotFoundException: 404,
  InternalServerException: 500,
  ServiceQuotaExceededException: 400,
};

const DEFAULT_MESSAGES: Readonly<Record<BedrockErrorName, string>> = {
  ThrottlingException: 'Too many requests, please wait before trying again.',
  ValidationException: 'Malformed input request, please reformat your input and try again.',
  ModelTimeoutException: 'Model has timed out in processing the request. Try your request again.',
  AccessDeniedException: "You don't have access to the model with the specified model ID.",
  ServiceUnavailableException: 'Bedrock is unable to process your request.',
  ModelErrorException: 'The system encountered an unexpected error during processing. Try your request again.',
  ModelNotReadyException: 'Model is not ready to serve inference requests. Try your request again.',
  ResourceNotFoundException: 'The specified resource ARN was not found.',
  InternalServerException: 'The server encountered an internal error. Try your request again.',
  ServiceQuotaExceededException: 'Your request exceeds the service quota for your account.',
};

export function errorStatus(name: string): number {
  return ERROR_STATUS[name as BedrockErrorName] ?? 400;
}

export function errorMessage(name: string): string {
  return DEFAULT_MESSAGES[name as BedrockErrorName] ?? `${name} raised by the test server.`;
}

/** The `x-amzn-errortype` value as AWS sends it: the name, then the Coral namespace. */
export function errorTypeHeader(name: string): string {
  return `${name}:http://internal.amazon.com/coral/com.amazon.bedrock/`;
}
