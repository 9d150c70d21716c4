import fc from 'fast-check';
import { REDACTED, redactSecrets } from '../../../../src/domain/diagnostics/redact-secrets';
import { diagnosticsOutput } from '../../../support/diagnostics-output';

const chars = (alphabet: string, length: number) =>
  fc.array(fc.constantFrom(...alphabet), { minLength: length, maxLength: length }).map((a) => a.join(''));
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const BASE64 = `${UPPER}${LOWER}${DIGITS}+/`;
/** Random like a real credential: upper, lower and digits all present. */
const mixed = (length: number, alphabet = BASE64) =>
  chars(alphabet, length - 3).map((s) => `A${s.slice(0, 5)}z${s.slice(5)}7`);

/** A PEM armour line, built from its parts: the random body planted under it is the secret. */
const pem = (edge: 'BEGIN' | 'END', algorithm = '') =>
  `${'-'.repeat(5)}${edge} ${algorithm}PRIVATE ${'KEY'}${'-'.repeat(5)}`;
const pemBody = (k: string) => k.match(/.{1,64}/g)?.join('\n') ?? k;

/** A secret as it shows up in a host's output: the text around it, and the secret itself. */
interface Planted {
  line: string;
  secret: string;
}
const plant = (secret: fc.Arbitrary<string>, around: (s: string) => string): fc.Arbitrary<Planted> =>
  secret.map((s) => ({ line: around(s), secret: s }));

const secrets: fc.Arbitrary<Planted>[] = [
  plant(mixed(20), (c) => `amazon-ssm-agent -register -code "${c}" -id "0b1f2c3d-aaaa" -region "us-west-2"`),
  plant(mixed(20), (c) => `      activationCode: ${c}`),
  plant(mixed(20), (c) => `nodeadm init --activation-code=${c}`),
  plant(mixed(20), (c) => `found ${c} in the credentials file`),
  plant(
    chars(`${UPPER}${DIGITS}`, 16).map((k) => `AKIA${k}`),
    (k) => `AWS_ACCESS_KEY_ID=${k}`,
  ),
  plant(
    chars(`${UPPER}${DIGITS}`, 16).map((k) => `ASIA${k}`),
    (k) => `using credentials ${k} from process`,
  ),
  plant(mixed(40), (k) => `aws_secret_access_key = ${k}`),
  plant(mixed(40), (k) => `"SecretAccessKey": "${k}",`),
  plant(mixed(40), (k) => `secret ${k} leaked`),
  plant(
    mixed(120).map((t) => `IQoJb3JpZ2luX2VjE${t}`),
    (t) => `AWS_SESSION_TOKEN=${t}`,
  ),
  plant(
    mixed(120).map((t) => `IQoJb3JpZ2luX2VjE${t}`),
    (t) => `"SessionToken": "${t}"`,
  ),
  plant(mixed(60, `${BASE64}-_.`), (t) => `Authorization: Bearer ${t}`),
  plant(
    mixed(200, `${UPPER}${LOWER}${DIGITS}-_`).map((t) => `k8s-aws-v1.${t}`),
    (t) => `    token: ${t}`,
  ),
  plant(
    mixed(24, `${UPPER}${LOWER}${DIGITS}`).map((t) => `xoxb-1234-5678-${t}`),
    (t) => `SLACK_BOT_TOKEN=${t}`,
  ),
  plant(
    mixed(64, `${UPPER}${LOWER}${DIGITS}`).map((t) => `xapp-1-A0B1C2-${t}`),
    (t) => `app token ${t} rejected`,
  ),
  plant(
    mixed(14, `${UPPER}${LOWER}${DIGITS}!@#$%^*`),
    (p) => `proxy: http://user:x@proxy:3128 password=${p}`,
  ),
  plant(mixed(14, `${UPPER}${LOWER}${DIGITS}`), (p) => `curl https://registry.local/v2/?token=${p}`),
  plant(mixed(64 * 4, BASE64), (k) => `${pem('BEGIN', 'RSA ')}\n${pemBody(k)}\n${pem('END', 'RSA ')}`),
  // Cut inside the key: the output's size bound may end there.
  plant(mixed(64 * 3, BASE64), (k) => `${pem('BEGIN')}\n${pemBody(k)}`),
];

const ordinary = diagnosticsOutput();

/**
 * The output with each planted line put in at a random line and at a word boundary in that line.
 * Plants go between the output's own words, never inside another plant: a secret keeps the text
 * around it that a host would print with it.
 */
const planted = fc
  .array(
    fc.record({
      planted: fc.oneof(...secrets),
      line: fc.nat(),
      word: fc.nat(),
    }),
    { minLength: 1, maxLength: 6 },
  )
  .map((plants) => {
    const lines = ordinary.split('\n').map((line) => line.split(' '));
    for (const p of plants) {
      const words = lines[p.line % lines.length] ?? [];
      const at = p.word % (words.length + 1);
      words.splice(at, 0, `${p.planted.line}\n`);
    }
    return {
      text: lines.map((words) => words.join(' ')).join('\n'),
      secrets: plants.map((p) => p.planted.secret),
    };
  });

describe('redactSecrets', () => {
  it('leaves no planted secret in realistic host output, wherever it is', () => {
    fc.assert(
      fc.property(planted, ({ text, secrets }) => {
        const out = redactSecrets(text);
        for (const secret of secrets) expect(out).not.toContain(secret);
        expect(out).toContain(REDACTED);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves ordinary diagnostics output unchanged: hashes, IDs, IPs, versions, klog lines', () => {
    expect(redactSecrets(ordinary)).toBe(ordinary);
    const more = [
      'containerd github.com/containerd/containerd v1.7.24 88bf19b2105c8b17560993bee28a01ddc2f97182',
      'sha256:5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef',
      'instance mi-0123456789abcdef0 registered with activation 0b1f2c3d-4e5f-6789-abcd-ef0123456789',
      'ContainerRuntimeVersion: containerd://1.7.24 KubeletVersion: v1.31.4-eks-1a2b3c4',
      'Validating authenticated request to Kubernetes API endpoint [Success]',
      'Bearer tokens are read from the kubeconfig',
      'exit=1',
    ];
    for (const line of more) expect(redactSecrets(line)).toBe(line);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ordinary.split('\n'), ...more), { maxLength: 40 }), (lines) => {
        const text = lines.join('\n');
        expect(redactSecrets(text)).toBe(text);
      }),
    );
  });

  it('keeps the name of what was redacted, so a reader knows what was there', () => {
    expect(redactSecrets('amazon-ssm-agent -register -code "Fjz3/sZfSvv78EXAMPL1" -id "x"')).toBe(
      'amazon-ssm-agent -register -code "[redacted]" -id "x"',
    );
    expect(redactSecrets('Authorization: Bearer k8s-aws-v1.aHR0cHM6Ly9zdHM')).toBe(
      'Authorization: Bearer [redacted]',
    );
    expect(redactSecrets('password=hunter2 user=bob')).toBe('password=[redacted] user=bob');
  });
});
