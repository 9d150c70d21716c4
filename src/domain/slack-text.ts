/**
 * Slash-command text as the user typed it. The manifest asks Slack to escape /hybrid's text
 * (should_escape: true), so a mention arrives as `<@U123|jane.doe>` (or `<@U123>`), a channel as
 * `<#C123|ops>`, a link as `<http://a.example|a.example>`, and `&`, `<`, `>` as entities. Mentions and
 * channels become their IDs, which the commands take; links become the text that was typed.
 */
export function unescapeSlackText(text: string): string {
  return text
    .replace(/<[@#]([UWC][A-Z0-9]+)(\|[^>]*)?>/g, '$1')
    .replace(/<(?:https?:\/\/|mailto:)[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<((?:https?:\/\/|mailto:)[^>]*)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
