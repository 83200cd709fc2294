/** The `error.type` Bedrock (and the instrumentation) reports for throttled calls: the AWS error code. */
export const ERROR_TYPE_THROTTLING = 'ThrottlingException';
