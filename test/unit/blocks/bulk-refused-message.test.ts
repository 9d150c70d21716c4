import { bulkRowsRefusedMessage } from '../../../src/blocks/hosts/bulk-messages';
import { parseBulkHosts } from '../../../src/domain/bulk-hosts-csv';

describe('a bulk registration refused row by row', () => {
  it('quotes what was pasted escaped, so a mention in a row notifies nobody', () => {
    const parsed = parseBulkHosts('<!channel>,<!here>,10.80.1.11\nok-host,store-12,<!subteam^S0OPS>', {
      cluster: 'demo',
      clusters: [],
      existingHostNames: [],
    });
    if (parsed.ok) throw new Error('the rows should be refused');
    const shown = JSON.stringify(bulkRowsRefusedMessage(parsed.errors));
    for (const mention of ['<!channel>', '<!here>', '<!subteam^S0OPS>']) expect(shown).not.toContain(mention);
    expect(shown).toContain('&lt;!channel&gt;');
    expect(shown).toContain('Line 2');
  });
});
