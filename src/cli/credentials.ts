import type { GitAuth } from '../gitops/git-source.js';

/** Environment variables the HTTP trigger's credentials are read from (mounted from a Secret). */
export const CREDENTIAL_ENV = {
  token: 'CHAOSFLOW_TRIGGER_TOKEN',
  hmacSecret: 'CHAOSFLOW_TRIGGER_HMAC_SECRET',
} as const;

/** Environment variables git credentials are read from (mounted from a Secret in a cluster). */
export const GIT_CREDENTIAL_ENV = {
  token: 'CHAOSFLOW_GIT_TOKEN',
  username: 'CHAOSFLOW_GIT_USERNAME',
  sshKey: 'CHAOSFLOW_GIT_SSH_KEY',
  knownHosts: 'CHAOSFLOW_GIT_KNOWN_HOSTS',
} as const;

/** Git credentials from the environment: a token for https, or an SSH key file. */
export function authFromEnv(): GitAuth | undefined {
  const token = process.env[GIT_CREDENTIAL_ENV.token];
  if (token !== undefined && token !== '') {
    const username = process.env[GIT_CREDENTIAL_ENV.username];
    return { kind: 'token', token, ...(username === undefined || username === '' ? {} : { username }) };
  }
  const keyFile = process.env[GIT_CREDENTIAL_ENV.sshKey];
  if (keyFile === undefined || keyFile === '') return undefined;
  const knownHostsFile = process.env[GIT_CREDENTIAL_ENV.knownHosts];
  return {
    kind: 'ssh',
    keyFile,
    ...(knownHostsFile === undefined || knownHostsFile === '' ? {} : { knownHostsFile }),
  };
}

/** The HTTP trigger's credentials from the environment. */
export function triggerCredentialsFromEnv(): { token?: string; hmacSecret?: string } {
  const token = process.env[CREDENTIAL_ENV.token];
  const hmacSecret = process.env[CREDENTIAL_ENV.hmacSecret];
  return {
    ...(token === undefined || token === '' ? {} : { token }),
    ...(hmacSecret === undefined || hmacSecret === '' ? {} : { hmacSecret }),
  };
}
