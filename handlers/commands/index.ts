export { hybridCommand } from './hybrid-command';

export const SLASH_COMMANDS = ['/hybrid'] as const;
