/**
 * The cluster CA the simulator hands out through DescribeCluster's certificateAuthority.data, and the
 * serving certificates it signs. Keys come from node:crypto (fast, native); node-forge builds and signs
 * the X.509 certificates synchronously. One CA and one serving key per process keep start-up quick.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import forge from 'node-forge';

export interface CertificateAuthority {
  caCertPem: string;
  issueServerCertificate(hosts: string[]): { certPem: string; keyPem: string };
}

interface KeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

let processAuthority: CertificateAuthority | undefined;
let servingKey: KeyPair | undefined;

export function createCertificateAuthority(): CertificateAuthority {
  processAuthority ??= buildAuthority();
  return processAuthority;
}

function buildAuthority(): CertificateAuthority {
  const caKey = newKeyPair();
  const caSubject = [{ name: 'commonName', value: 'kubernetes' }];
  const caCert = newCertificate(caKey.publicKeyPem, caSubject, caSubject, [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  const caPrivateKey = forge.pki.privateKeyFromPem(caKey.privateKeyPem);
  caCert.sign(caPrivateKey, forge.md.sha256.create());
  const issued = new Map<string, { certPem: string; keyPem: string }>();

  return {
    caCertPem: forge.pki.certificateToPem(caCert),
    issueServerCertificate(hosts) {
      const cacheKey = hosts.join(',');
      const cached = issued.get(cacheKey);
      if (cached) return cached;
      servingKey ??= newKeyPair();
      const cert = newCertificate(
        servingKey.publicKeyPem,
        [{ name: 'commonName', value: 'kube-apiserver' }],
        caSubject,
        [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
          { name: 'extKeyUsage', serverAuth: true },
          { name: 'subjectAltName', altNames: hosts.map(altName) },
          { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
        ],
      );
      cert.sign(caPrivateKey, forge.md.sha256.create());
      const pair = { certPem: forge.pki.certificateToPem(cert), keyPem: servingKey.privateKeyPem };
      issued.set(cacheKey, pair);
      return pair;
    },
  };
}

function newKeyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

function newCertificate(
  publicKeyPem: string,
  subject: forge.pki.CertificateField[],
  issuer: forge.pki.CertificateField[],
  extensions: object[],
): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKeyPem);
  // A positive serial: the leading byte's high bit must be clear.
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now + 365 * 24 * 60 * 60 * 1000);
  cert.setSubject(subject);
  cert.setIssuer(issuer);
  cert.setExtensions(extensions);
  return cert;
}

function altName(host: string): { type: number; value?: string; ip?: string } {
  return isIP(host) ? { type: 7, ip: host } : { type: 2, value: host };
}
