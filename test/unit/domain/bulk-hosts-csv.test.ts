import { type BulkOptions, describeBulkErrors, parseBulkHosts } from '../../../src/domain/bulk-hosts-csv';
import { parseCsv } from '../../../src/domain/csv';
import type { ClusterInfo } from '../../../src/domain/host-registration';

const demo: ClusterInfo = {
  name: 'demo',
  hybridEnabled: true,
  remoteNodeNetworks: ['10.80.0.0/16'],
  version: '1.31',
  supportedVersions: ['1.29', '1.30', '1.31'],
};
const options: BulkOptions = { cluster: 'demo', clusters: [demo], existingHostNames: ['store-1-pos-1'] };

describe('parseCsv', () => {
  it('handles quotes, escaped quotes, embedded commas and newlines, and CRLF', () => {
    const result = parseCsv('a,"b, c","say ""hi"""\r\n"multi\nline",x,y\nlast,1,2');
    expect(result).toEqual({
      ok: true,
      records: [
        { line: 1, fields: ['a', 'b, c', 'say "hi"'] },
        { line: 2, fields: ['multi\nline', 'x', 'y'] },
        { line: 4, fields: ['last', '1', '2'] },
      ],
    });
  });

  it('reports an unclosed quote with its line', () => {
    expect(parseCsv('a,b,c\nd,"e,f\ng,h,i')).toEqual({
      ok: false,
      line: 2,
      problem: expect.stringMatching(/never closed/),
    });
  });
});

describe('parseBulkHosts', () => {
  it('reads rows with an optional header, comments, blank lines and optional columns', () => {
    const text = [
      'name,site,ip,auth,arch',
      '# store 12',
      'store-12-pos-1,store-12,10.80.12.10',
      '',
      '"store-12-pos-2", store-12 , 10.80.12.11,iam-ra,arm64',
      '   ',
      'store-14-pos-1,store-14,10.80.14.10,,arm64',
    ].join('\n');
    const result = parseBulkHosts(text, options);
    expect(result).toEqual({
      ok: true,
      hosts: [
        {
          name: 'store-12-pos-1',
          cluster: 'demo',
          site: 'store-12',
          ip: '10.80.12.10',
          auth: 'ssm',
          arch: 'amd64',
          kubernetesVersion: '1.31',
        },
        {
          name: 'store-12-pos-2',
          cluster: 'demo',
          site: 'store-12',
          ip: '10.80.12.11',
          auth: 'iam-ra',
          arch: 'arm64',
          kubernetesVersion: '1.31',
        },
        {
          name: 'store-14-pos-1',
          cluster: 'demo',
          site: 'store-14',
          ip: '10.80.14.10',
          auth: 'ssm',
          arch: 'arm64',
          kubernetesVersion: '1.31',
        },
      ],
    });
  });

  it('lists every bad row at once with its line, and creates nothing', () => {
    const text = [
      'store-12-pos-1,store-12,10.80.12.10',
      'Store_2,store-12,10.80.12.11',
      'store-12-pos-3,store-12,192.168.1.1',
      'store-12-pos-1,store-12,10.80.12.13',
      'store-12-pos-5,store-12,10.80.12.10',
      'store-1-pos-1,store-1,10.80.1.10',
      'too,few',
      'store-12-pos-8,store-12,10.80.12.18,password',
    ].join('\n');
    const result = parseBulkHosts(text, options);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    const lines = describeBulkErrors(result.errors);
    expect(lines[0]).toMatch(/^Line 2: Host name "Store_2" contains "S"/);
    expect(lines[1]).toMatch(/^Line 3: 192\.168\.1\.1 is outside the remote node networks/);
    expect(lines[2]).toBe('Line 4: store-12-pos-1 is also on line 1: host names must be unique.');
    expect(lines[3]).toBe('Line 5: 10.80.12.10 is also on line 1: each host needs its own address.');
    expect(lines[4]).toMatch(/^Line 6: Host store-1-pos-1 is already registered/);
    expect(lines[5]).toBe('Line 7: Row has 2 columns; expected name,site,ip[,auth,arch].');
    expect(lines[6]).toMatch(/^Line 8: Credential method "password" is unknown/);
  });

  it('accepts 500 hosts and refuses 501', () => {
    const rows = (n: number) =>
      Array.from(
        { length: n },
        (_, i) => `host-${i},site-${i % 10},10.80.${Math.floor(i / 250)}.${(i % 250) + 1}`,
      ).join('\n');
    const ok = parseBulkHosts(rows(500), options);
    expect(ok.ok && ok.hosts).toHaveLength(500);
    expect(parseBulkHosts(rows(501), options)).toEqual({
      ok: false,
      errors: [{ line: 1, message: '501 hosts given; at most 500 at once: split the list.' }],
    });
  });

  it('says what to paste when there are no rows', () => {
    expect(parseBulkHosts('name,site,ip\n# nothing yet\n', options)).toEqual({
      ok: false,
      errors: [{ line: 1, message: 'No hosts found: paste one host per line as name,site,ip[,auth,arch].' }],
    });
  });

  it('applies the cluster rules to every row', () => {
    const result = parseBulkHosts('store-12-pos-1,store-12,10.80.12.10', { ...options, cluster: 'prod' });
    expect(result.ok || describeBulkErrors(result.errors)).toEqual([
      'Line 1: No cluster named `prod` is configured: use `demo`.',
    ]);
  });
});
