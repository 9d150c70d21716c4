import { randomBytes } from 'node:crypto';
import type { Clock } from '../../clock';
import { type Identities, pseudoId } from '../../identities';
import { AwsError, constraintError } from '../aws-error';
import type { HttpReply } from '../http-io';
import type { AwsCall, AwsService, Operation } from '../service';
import { element, errorXml, resultXml } from './sts-xml';

const ROLE_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

export interface StsDeps {
  identities: Identities;
  clock: Clock;
}

function params(call: AwsCall): URLSearchParams {
  return call.method === 'GET' ? call.query : new URLSearchParams(call.body.toString('utf8'));
}

function xml(status: number, body: string, requestId: string): HttpReply {
  return { status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId }, body };
}

/** AWS STS over the query protocol: form-encoded `Action=…&Version=2011-06-15`, XML answers. */
export function stsService(deps: StsDeps): AwsService {
  return {
    name: 'sts',
    claims: (method, path, _headers, body) =>
      path === '/' && (method === 'GET' || /(^|&)Action=/.test(body.toString('utf8'))),
    resolve: (call) => {
      const p = params(call);
      const action = p.get('Action') ?? '';
      if (action === 'GetCallerIdentity') return getCallerIdentity(deps, call);
      if (action === 'AssumeRole') return assumeRole(deps, call, p);
      throw new AwsError(
        'InvalidAction',
        `Could not find operation ${action} for version ${p.get('Version') ?? 'NO_VERSION_SPECIFIED'}`,
      );
    },
    renderError: (e, requestId) =>
      xml(
        e.status,
        errorXml(e.status >= 500 ? 'Receiver' : 'Sender', e.code, e.message, requestId),
        requestId,
      ),
    throttled: () => new AwsError('Throttling', 'Rate exceeded', 400),
    failed: () => new AwsError('InternalFailure', 'An internal error occurred.', 500),
    authError: (code, message) =>
      new AwsError(code, message, code === 'MissingAuthenticationToken' ? 403 : 400),
  };
}

function getCallerIdentity(deps: StsDeps, call: AwsCall): Operation {
  return {
    name: 'GetCallerIdentity',
    run: () => {
      const id = deps.identities.identityOf(call.scope.accessKeyId);
      const account = id.arn.split(':')[4] ?? '';
      const inner = [element('Arn', id.arn), element('UserId', id.userId), element('Account', account)].join(
        '\n',
      );
      return xml(200, resultXml('GetCallerIdentity', inner, call.requestId), call.requestId);
    },
  };
}

function assumeRole(deps: StsDeps, call: AwsCall, p: URLSearchParams): Operation {
  return {
    name: 'AssumeRole',
    run: () => {
      const roleArn = p.get('RoleArn') ?? '';
      const session = p.get('RoleSessionName') ?? '';
      const duration = Number(p.get('DurationSeconds') ?? 3600);
      if (!roleArn) throw constraintError('ValidationError', null, 'roleArn', 'Member must not be null');
      if (roleArn.length < 20) {
        throw constraintError(
          'ValidationError',
          roleArn,
          'roleArn',
          'Member must have length greater than or equal to 20',
        );
      }
      const m = ROLE_ARN.exec(roleArn);
      if (!m) throw new AwsError('ValidationError', `${roleArn} is invalid`);
      if (!SESSION_NAME.test(session)) {
        throw constraintError(
          'ValidationError',
          session,
          'roleSessionName',
          'Member must satisfy regular expression pattern: [\\w+=,.@-]*',
        );
      }
      if (!Number.isInteger(duration) || duration < 900 || duration > 43200) {
        throw constraintError(
          'ValidationError',
          duration,
          'durationSeconds',
          'Member must have value between 900 and 43200',
        );
      }
      const [, account, roleName] = m as unknown as [string, string, string];
      const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
      const secretAccessKey = randomBytes(30).toString('base64');
      const sessionToken = randomBytes(96).toString('base64');
      const expiresAt = new Date(deps.clock.now().getTime() + duration * 1000);
      const roleId = `AROA${pseudoId(roleArn)}`;
      const arn = `arn:aws:sts::${account}:assumed-role/${roleName}/${session}`;
      deps.identities.add({ accessKeyId, secretAccessKey, arn, userId: `${roleId}:${session}`, expiresAt });
      const inner = [
        '    <AssumedRoleUser>',
        element('AssumedRoleId', `${roleId}:${session}`, 6),
        element('Arn', arn, 6),
        '    </AssumedRoleUser>',
        '    <Credentials>',
        element('AccessKeyId', accessKeyId, 6),
        element('SecretAccessKey', secretAccessKey, 6),
        element('SessionToken', sessionToken, 6),
        element('Expiration', expiresAt.toISOString().replace(/\.\d{3}Z$/, 'Z'), 6),
        '    </Credentials>',
        element('PackedPolicySize', 6),
      ].join('\n');
      return xml(200, resultXml('AssumeRole', inner, call.requestId), call.requestId);
    },
  };
}
