import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createCertificateAuthority } from '../../../sim/kube/certificate-authority';

describe('createCertificateAuthority', () => {
  it('issues a serving certificate for 127.0.0.1 and localhost that the CA verifies', () => {
    const ca = createCertificateAuthority();
    const { certPem } = ca.issueServerCertificate(['127.0.0.1', 'localhost']);
    const caCert = new X509Certificate(ca.caCertPem);
    const served = new X509Certificate(certPem);
    expect(caCert.ca).toBe(true);
    expect(served.ca).toBe(false);
    expect(served.verify(caCert.publicKey)).toBe(true);
    expect(served.checkIssued(caCert)).toBe(true);
    expect(served.subjectAltName).toBe('IP Address:127.0.0.1, DNS:localhost');
  });

  it('keeps one CA per process, so every cluster of a simulator shares it', () => {
    expect(createCertificateAuthority().caCertPem).toBe(createCertificateAuthority().caCertPem);
  });

  it('serves TLS that Node accepts with only the CA as trust anchor, under both names', async () => {
    const ca = createCertificateAuthority();
    const { certPem, keyPem } = ca.issueServerCertificate(['127.0.0.1', 'localhost']);
    const server = https.createServer({ cert: certPem, key: keyPem }, (_req, res) => res.end('ok'));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    try {
      for (const host of ['127.0.0.1', 'localhost']) {
        const body = await new Promise<string>((resolve, reject) => {
          https
            .get(
              {
                host: '127.0.0.1',
                servername: host === 'localhost' ? host : undefined,
                port,
                ca: ca.caCertPem,
              },
              (res) => {
                res.setEncoding('utf8');
                let text = '';
                res.on('data', (c) => {
                  text += c;
                });
                res.on('end', () => resolve(text));
              },
            )
            .on('error', reject);
        });
        expect(body).toBe('ok');
      }
    } finally {
      server.close();
    }
  });
});
