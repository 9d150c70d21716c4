import { parseProfileYaml } from '../../../../src/domain/profiles/parse-profile';
import { ctx, EDGE_STANDARD_YAML, edgeStandard } from './profile-fixtures';

function problemsOf(text: string) {
  const result = parseProfileYaml(text, ctx);
  if (result.ok) throw new Error('expected problems, the profile was accepted');
  return result.problems;
}

/** The edge-standard profile with one line replaced (lines are 1-based, as editors show them). */
function withLine(line: number, text: string): string {
  const lines = EDGE_STANDARD_YAML.split('\n');
  lines[line - 1] = text;
  return lines.join('\n');
}

describe('parseProfileYaml (a profile kept in Git)', () => {
  it('reads the profile a platform team writes, in canonical form', () => {
    expect(parseProfileYaml(EDGE_STANDARD_YAML, ctx)).toEqual({ ok: true, profile: edgeStandard() });
  });

  it('points a YAML syntax error at its line', () => {
    expect(problemsOf(withLine(8, '    supported: [ubuntu-22.04, ubuntu-24.04'))).toEqual([
      expect.objectContaining({
        path: '',
        line: expect.any(Number),
        message: expect.stringMatching(
          /^The YAML does not parse: [^:]*[^:.]\. Fix the syntax at line \d+\.$/,
        ),
      }),
    ]);
    const [problem] = problemsOf('metadata:\n  name: a\n  name: b\n');
    expect(problem).toMatchObject({
      line: 3,
      column: 3,
      message: expect.stringMatching(/Map keys must be unique/),
    });
  });

  it('says a profile is one document when the file holds several', () => {
    expect(problemsOf(`${EDGE_STANDARD_YAML}---\n${EDGE_STANDARD_YAML}`)).toEqual([
      {
        path: '',
        line: 16,
        column: 1,
        message:
          'A profile is one YAML document: remove the --- separator at line 16, or keep each profile in its own file.',
      },
    ]);
  });

  it('points each rule problem at the offending value: line and column', () => {
    expect(problemsOf(withLine(3, 'metadata: { name: Edge_Standard, version: "1.2" }'))).toEqual([
      { path: 'metadata.name', line: 3, column: 19, message: expect.stringMatching(/is not a valid name/) },
      {
        path: 'metadata.version',
        line: 3,
        column: 43,
        message: expect.stringMatching(/is not a SemVer version/),
      },
    ]);
  });

  it('points at the item in a list', () => {
    expect(problemsOf(withLine(14, '      flags: ["--v=2", "--hostname-override=x"]'))).toEqual([
      {
        path: 'spec.kubernetes.kubelet.flags[1]',
        line: 14,
        column: 24,
        message: expect.stringMatching(/--hostname-override/),
      },
    ]);
  });

  it('points an unknown field at its key, with the nearest known name', () => {
    expect(
      problemsOf(
        withLine(13, '      config: { maxPods: 110, shutdownGracePeriod: 30s, imageGCHighTreshold: 80 }'),
      ),
    ).toEqual([
      {
        path: 'spec.kubernetes.kubelet.config.imageGCHighTreshold',
        line: 13,
        column: 57,
        message: expect.stringMatching(/Did you mean "imageGCHighThresholdPercent"\?$/),
      },
    ]);
    expect(problemsOf(withLine(11, '    containerdsource: docker'))).toEqual([
      {
        path: 'spec.kubernetes.containerdSource',
        line: 9,
        column: 3,
        message: expect.stringMatching(/is required/),
      },
      {
        path: 'spec.kubernetes.containerdsource',
        line: 11,
        column: 5,
        message: expect.stringMatching(/not a profile field: remove it\. Did you mean "containerdSource"\?$/),
      },
    ]);
  });

  it('tells an unquoted version to use quotes, where it is', () => {
    expect(problemsOf(withLine(10, '    version: 1.30'))).toEqual([
      {
        path: 'spec.kubernetes.version',
        line: 10,
        column: 14,
        message: expect.stringMatching(/write it in quotes/),
      },
    ]);
  });

  it('points a missing field at its parent', () => {
    const text = withLine(6, '    image: ""').replace('    image: ""\n    image: ""', '    image: ""');
    expect(problemsOf(text)).toEqual([
      {
        path: 'spec.os.mode',
        line: 5,
        column: 3,
        message: expect.stringMatching(/spec.os.mode is required: write agent/),
      },
    ]);
  });

  it('gives a TOML error the line it has in the YAML file', () => {
    const text = EDGE_STANDARD_YAML.replace(
      '    containerd: { config: "" }\n',
      [
        '    containerd:',
        '      config: |',
        '        version = 2',
        '        [plugins."io.containerd.grpc.v1.cri".containerd]',
        '        discard_unpacked_layers = = false',
        '',
      ].join('\n'),
    );
    // Line 19 is "        discard_unpacked_layers = = false": the second "=" is at column 35.
    expect(problemsOf(text)).toEqual([
      {
        path: 'spec.kubernetes.containerd.config',
        line: 19,
        column: 35,
        message: expect.stringMatching(/not valid TOML \(invalid value, its line 3\)/),
      },
    ]);
  });

  it('refuses an empty file and a file that is not a mapping', () => {
    expect(problemsOf('')).toEqual([
      {
        path: '',
        message: 'The profile is empty: write a ClusterProfile with apiVersion, kind, metadata and spec.',
      },
    ]);
    expect(problemsOf('- a\n- b\n')).toEqual([
      {
        path: '',
        line: 1,
        column: 1,
        message: expect.stringMatching(/must be a YAML mapping .*found a list/),
      },
    ]);
  });

  it('refuses a text too large to be a profile without parsing it', () => {
    const text = `${EDGE_STANDARD_YAML}# ${'x'.repeat(70 * 1024)}\n`;
    expect(problemsOf(text)).toEqual([
      { path: '', message: expect.stringMatching(/^The profile is \d+ characters, more than 65536/) },
    ]);
  });

  it('refuses a file that expands anchors without limit (a "billion laughs")', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++) {
      const ref = String.fromCharCode(97 + i);
      const next = String.fromCharCode(98 + i);
      bomb.push(
        `${next}: &${next} [*${ref}, *${ref}, *${ref}, *${ref}, *${ref}, *${ref}, *${ref}, *${ref}, *${ref}, *${ref}]`,
      );
    }
    expect(problemsOf(bomb.join('\n'))).toEqual([
      { path: '', message: expect.stringMatching(/^The YAML cannot be read: .*alias/i) },
    ]);
  });
});
