export { BedrockServer, startBedrockServer } from './BedrockServer';
export { ERROR_STATUS } from './awsErrors';
export { serverFamily, type ServerFamily } from './modelFamily';
export type * from './types';
