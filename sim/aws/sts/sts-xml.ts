const NS = 'https://sts.amazonaws.com/doc/2011-06-15/';

export function escapeXml(s: string): string {
  return s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );
}

/** `<{Action}Response><{Action}Result>…</…><ResponseMetadata>…`, the query protocol's envelope. */
export function resultXml(action: string, resultInner: string, requestId: string): string {
  return (
    `<${action}Response xmlns="${NS}">\n  <${action}Result>\n${resultInner}\n  </${action}Result>\n` +
    `  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n</${action}Response>\n`
  );
}

export function errorXml(
  type: 'Sender' | 'Receiver',
  code: string,
  message: string,
  requestId: string,
): string {
  return (
    `<ErrorResponse xmlns="${NS}">\n  <Error>\n    <Type>${type}</Type>\n    <Code>${escapeXml(code)}</Code>\n` +
    `    <Message>${escapeXml(message)}</Message>\n  </Error>\n  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`
  );
}

export function element(name: string, value: string | number, indent = 4): string {
  return `${' '.repeat(indent)}<${name}>${escapeXml(String(value))}</${name}>`;
}
