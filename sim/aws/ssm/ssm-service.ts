import type { Fleet } from '../../fleet/fleet';
import { AwsError } from '../aws-error';
import type { HttpReply } from '../http-io';
import type { AwsService } from '../service';
import { createActivation, deleteActivation, describeActivations } from './activation-operations';
import { getCommandInvocation, listCommandInvocations } from './command-invocations';
import {
  addTagsToResource,
  deregisterManagedInstance,
  describeInstanceInformation,
  listTagsForResource,
  removeTagsFromResource,
} from './instance-operations';
import { listCommands } from './list-commands';
import { sendCommand } from './send-command';

// biome-ignore lint/suspicious/noExplicitAny: each operation validates its own JSON input.
type Handler = (fleet: Fleet, input: any, region: string) => unknown;

const OPERATIONS: Record<string, Handler> = {
  CreateActivation: createActivation,
  DescribeActivations: describeActivations,
  DeleteActivation: deleteActivation,
  DescribeInstanceInformation: describeInstanceInformation,
  DeregisterManagedInstance: deregisterManagedInstance,
  AddTagsToResource: addTagsToResource,
  RemoveTagsFromResource: removeTagsFromResource,
  ListTagsForResource: listTagsForResource,
  SendCommand: sendCommand,
  GetCommandInvocation: getCommandInvocation,
  ListCommandInvocations: listCommandInvocations,
  ListCommands: listCommands,
};

const CONTENT_TYPE = 'application/x-amz-json-1.1';
/** Errors of the service framework say `message`; SSM's modelled errors say `Message`. */
const FRAMEWORK_ERRORS = new Set([
  'ValidationException',
  'ThrottlingException',
  'MissingAuthenticationTokenException',
  'IncompleteSignatureException',
  'UnknownOperationException',
  'SerializationException',
]);

function reply(status: number, body: unknown, requestId: string): HttpReply {
  return {
    status,
    headers: { 'content-type': CONTENT_TYPE, 'x-amzn-requestid': requestId },
    body: JSON.stringify(body),
  };
}

/** AWS Systems Manager over JSON 1.1: `X-Amz-Target: AmazonSSM.<Operation>`, errors as `__type`. */
export function ssmService(fleet: Fleet): AwsService {
  return {
    name: 'ssm',
    claims: (method, _path, headers) =>
      method === 'POST' && String(headers['x-amz-target'] ?? '').startsWith('AmazonSSM.'),
    resolve: (call) => {
      const target = String(call.headers['x-amz-target'] ?? '');
      const name = target.startsWith('AmazonSSM.') ? target.slice('AmazonSSM.'.length) : '';
      const handler = OPERATIONS[name];
      if (!handler) throw new AwsError('UnknownOperationException', '', 400);
      return {
        name,
        run: async () => {
          let input: unknown;
          try {
            input = JSON.parse(call.body.toString('utf8') || '{}');
          } catch {
            throw new AwsError(
              'SerializationException',
              'Start of structure or map found where not expected.',
            );
          }
          // What is due on the simulator's clock (a command's end) shows in this very answer, once the
          // host scripts it woke have run to their end or their next wait.
          fleet.settle();
          await fleet.scripts.quiet();
          return reply(200, handler(fleet, input, call.scope.region), call.requestId);
        },
      };
    },
    renderError: (e, requestId) =>
      reply(
        e.status,
        { __type: e.code, [FRAMEWORK_ERRORS.has(e.code) ? 'message' : 'Message']: e.message },
        requestId,
      ),
    throttled: () => new AwsError('ThrottlingException', 'Rate exceeded', 400),
    failed: () => new AwsError('InternalServerError', 'An error occurred on the server side.', 500),
    authError: (code, message) =>
      new AwsError(`${code}Exception`, message, code === 'MissingAuthenticationToken' ? 403 : 400),
  };
}
