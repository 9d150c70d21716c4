import { LIMITS, truncate } from './limits';
import { escapePlaceholders } from './mrkdwn';
import type { SlackBlock } from './types';

export function header(text: string): SlackBlock {
  return {
    type: 'header',
    text: { type: 'plain_text', text: truncate(escapePlaceholders(text), LIMITS.header), emoji: true },
  };
}

export function section(markdown: string): SlackBlock {
  return {
    type: 'section',
    text: { type: 'mrkdwn', text: truncate(escapePlaceholders(markdown), LIMITS.sectionText) },
  };
}

export function context(...markdown: string[]): SlackBlock {
  return {
    type: 'context',
    elements: markdown
      .slice(0, LIMITS.contextElements)
      .map((t) => ({ type: 'mrkdwn', text: truncate(escapePlaceholders(t), LIMITS.sectionText) })),
  };
}

export function divider(): SlackBlock {
  return { type: 'divider' };
}

/**
 * Lines grouped into as few sections as fit Slack's 3000-character limit, so a long list
 * never makes Slack reject the message.
 */
export function sectionsOfLines(lines: string[]): SlackBlock[] {
  const blocks: SlackBlock[] = [];
  let current = '';
  for (const line of lines) {
    // Measured as sent: escaping makes a placeholder longer.
    const piece = truncate(escapePlaceholders(line), LIMITS.sectionText);
    if (current && current.length + 1 + piece.length > LIMITS.sectionText) {
      blocks.push(section(current));
      current = piece;
    } else current = current ? `${current}\n${piece}` : piece;
  }
  if (current) blocks.push(section(current));
  return blocks;
}
