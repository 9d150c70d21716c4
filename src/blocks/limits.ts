/** Slack's Block Kit limits: anything over them makes Slack reject the whole message. */
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerView: 100,
  sectionText: 3000,
  header: 150,
  fieldsPerSection: 10,
  fieldText: 2000,
  buttonText: 75,
  buttonValue: 2000,
  actionsElements: 25,
  contextElements: 10,
  fallbackText: 4000,
} as const;

export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
