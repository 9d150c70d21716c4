import { inspect } from 'node:util';
import { AccessDeniedException } from '@aws-sdk/client-eks';
import { InternalServerError } from '@aws-sdk/client-ssm';
import { awsError } from '../../../src/adapters/aws/aws-errors';
import { ErrorCode } from '../../../src/errors';

// The simulator accepts any key, so AWS's refusals are built here from the SDK's own exception classes.
describe('AWS errors as the bot reports them', () => {
  it('tells the user to fix permissions when AWS denies access, without retrying', () => {
    const denied = new AccessDeniedException({
      message:
        'User: arn:aws:sts::111122223333:assumed-role/Bot/hybrid-bot is not authorized to perform: eks:DescribeCluster',
      $metadata: { httpStatusCode: 403 },
    });
    const err = awsError(denied, 'Describing EKS cluster demo in us-west-2');
    expect(err).toMatchObject({ code: ErrorCode.AccessDenied, retryable: false, cause: denied });
    expect(err.userMessage).toBe(
      'Describing EKS cluster demo in us-west-2 failed: User: arn:aws:sts::111122223333:assumed-role/Bot/hybrid-bot is not authorized to perform: eks:DescribeCluster. Check the bot’s AWS credentials and that its IAM policy (or the cluster’s roleArn) allows this call.',
    );
  });

  it('retries a server error', () => {
    const failed = new InternalServerError({
      message: 'We encountered an internal error.',
      $metadata: { httpStatusCode: 500 },
    });
    expect(awsError(failed, 'Listing SSM activations')).toMatchObject({
      code: ErrorCode.Unavailable,
      retryable: true,
    });
  });

  it('keeps an unparsed answer holding an activation code out of the error it reports', () => {
    const secret = 'Zx9SecretActivationCode000000';
    const unparsed = new SyntaxError('Unexpected end of JSON input');
    Object.defineProperty(unparsed, '$responseBodyText', { value: `{"ActivationCode":"${secret}"` });
    const err = awsError(unparsed, 'Creating an SSM activation for edge-1', { sensitive: 'response' });
    expect(inspect(err, { showHidden: true, depth: 10 })).not.toContain(secret);
    expect(err.userMessage).toContain('Creating an SSM activation for edge-1 failed');
  });
});
