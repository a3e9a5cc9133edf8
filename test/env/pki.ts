import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Files of the control plane's PKI. */
export interface Pki {
  readonly caCert: string;
  readonly caKey: string;
  readonly serverCert: string;
  readonly serverKey: string;
  readonly adminCert: string;
  readonly adminKey: string;
  /** Signs and verifies service-account tokens. */
  readonly serviceAccountKey: string;
  readonly serviceAccountPub: string;
}

/** The names the API server's certificate answers to. */
const SERVER_NAMES =
  'IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc';

/**
 * Creates (once) a CA, the API server's serving certificate, an admin client certificate in `system:masters`,
 * and the service-account signing key, with the openssl command line tool.
 */
export function ensurePki(dir: string): Pki {
  mkdirSync(dir, { recursive: true });
  const file = (name: string) => join(dir, name);
  const pki: Pki = {
    caCert: file('ca.crt'),
    caKey: file('ca.key'),
    serverCert: file('apiserver.crt'),
    serverKey: file('apiserver.key'),
    adminCert: file('admin.crt'),
    adminKey: file('admin.key'),
    serviceAccountKey: file('sa.key'),
    serviceAccountPub: file('sa.pub'),
  };
  if (existsSync(pki.serviceAccountPub)) return pki;
  openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '30',
    '-subj',
    '/CN=chaosflow-testenv-ca',
    '-keyout',
    pki.caKey,
    '-out',
    pki.caCert,
  ]);
  signed(
    pki,
    {
      key: pki.serverKey,
      cert: pki.serverCert,
      subject: '/CN=kube-apiserver',
      extensions: `subjectAltName=${SERVER_NAMES}\nextendedKeyUsage=serverAuth`,
    },
    dir,
  );
  signed(
    pki,
    {
      key: pki.adminKey,
      cert: pki.adminCert,
      subject: '/O=system:masters/CN=admin',
      extensions: 'extendedKeyUsage=clientAuth',
    },
    dir,
  );
  openssl(['genrsa', '-out', pki.serviceAccountKey, '2048']);
  openssl(['rsa', '-in', pki.serviceAccountKey, '-pubout', '-out', pki.serviceAccountPub]);
  return pki;
}

function signed(
  pki: Pki,
  target: { key: string; cert: string; subject: string; extensions: string },
  dir: string,
): void {
  const csr = `${target.cert}.csr`;
  const extensions = join(dir, 'extensions.cnf');
  writeFileSync(extensions, `${target.extensions}\n`);
  openssl([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    target.subject,
    '-keyout',
    target.key,
    '-out',
    csr,
  ]);
  openssl([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    pki.caCert,
    '-CAkey',
    pki.caKey,
    '-CAcreateserial',
    '-days',
    '30',
    '-extfile',
    extensions,
    '-out',
    target.cert,
  ]);
}

function openssl(args: readonly string[]): void {
  try {
    execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? String(error);
    throw new Error(
      `openssl ${args[0]} failed: ${stderr.trim()}\n  → the test control plane needs the openssl command (Debian package openssl)`,
    );
  }
}

/** A kubeconfig for the admin user, with file references to the PKI. */
export function adminKubeconfig(pki: Pki, server: string): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '  - name: chaosflow-testenv',
    '    cluster:',
    `      server: ${server}`,
    `      certificate-authority: ${pki.caCert}`,
    'users:',
    '  - name: admin',
    '    user:',
    `      client-certificate: ${pki.adminCert}`,
    `      client-key: ${pki.adminKey}`,
    'contexts:',
    '  - name: chaosflow-testenv',
    '    context:',
    '      cluster: chaosflow-testenv',
    '      user: admin',
    '      namespace: default',
    'current-context: chaosflow-testenv',
    '',
  ].join('\n');
}
